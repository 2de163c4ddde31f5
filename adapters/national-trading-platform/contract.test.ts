import { runAdapterContract } from '../../contracts/adapter-suite.ts';
import { nationalTradingPlatformAdapter } from './index.ts';

runAdapterContract(nationalTradingPlatformAdapter, { fixtures: new URL('./fixtures/', import.meta.url) });
