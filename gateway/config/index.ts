/** The public face of gateway/config/: other folders import from here. It only re-exports. */
export * from './config.ts';
