/** The public face of gateway/pull/: other folders import from here. It only re-exports. */
export { PullScheduler } from './scheduler.ts';
