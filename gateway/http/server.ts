/**
 * The HTTP(S) server around the app: timeouts against slow clients, HTTPS when a certificate is
 * configured, optionally asking for client certificates (mTLS) checked against a CA.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Config } from '../config/index.ts';
import type { AppEnv } from './context.ts';

/** A listening server. */
export interface Listening {
  server: ServerType;
  url: string;
  /** Stops accepting connections, lets requests in flight finish (at most `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

/** Starts listening on the configured host and port. */
export function listen(app: Hono<AppEnv>, config: Readonly<Config>): Promise<Listening> {
  const { http, tls } = config;
  // connectionsCheckingInterval: how often Node looks for clients over those timeouts (default 30 s).
  const timeouts = {
    headersTimeout: http.headersTimeoutMs,
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: 5000,
    connectionsCheckingInterval: Math.min(1000, http.headersTimeoutMs),
  };
  return new Promise((resolve, reject) => {
    const options = tls
      ? {
          createServer: createHttpsServer,
          serverOptions: {
            ...timeouts,
            cert: readFileSync(tls.certFile),
            key: readFileSync(tls.keyFile),
            ...(tls.clientCaFile
              ? { ca: readFileSync(tls.clientCaFile), requestCert: true, rejectUnauthorized: tls.requireClientCert }
              : {}),
          },
        }
      : { serverOptions: timeouts };
    const server = serve({ fetch: app.fetch, hostname: http.host, port: http.port, ...options }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        server,
        url: `${tls ? 'https' : 'http'}://${host}:${info.port}`,
        close: (graceMs = 10_000) => closeServer(server, graceMs),
      });
    });
    server.once('error', reject);
  });
}

function closeServer(server: ServerType, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const s = server as ServerType & { closeIdleConnections?: () => void; closeAllConnections?: () => void };
    const force = setTimeout(() => s.closeAllConnections?.(), graceMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    s.closeIdleConnections?.();
  });
}
