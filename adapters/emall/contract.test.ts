import { runAdapterContract } from '../../contracts/adapter-suite.ts';
import { emallAdapter } from './index.ts';

runAdapterContract(emallAdapter, { fixtures: new URL('./fixtures/', import.meta.url) });
