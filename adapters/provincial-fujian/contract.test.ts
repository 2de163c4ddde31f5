import { runAdapterContract } from '../../contracts/adapter-suite.ts';
import { provincialFujianAdapter } from './index.ts';

runAdapterContract(provincialFujianAdapter, { fixtures: new URL('./fixtures/', import.meta.url) });
