/** The public face of gateway/http/: other folders import from here. It only re-exports. */
export { createApp } from './app.ts';
export { listen } from './server.ts';
