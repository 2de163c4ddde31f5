import { runAdapterContract } from '../../contracts/adapter-suite.ts';
import { ocdsAdapter } from './index.ts';

runAdapterContract(ocdsAdapter, { fixtures: new URL('./fixtures/', import.meta.url) });
