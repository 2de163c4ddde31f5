/**
 * How integration suites find their real services (Kafka, PostgreSQL), shared by test/support/kafka.ts
 * and test/support/postgres.ts. Order: an explicit env variable; the local default address that
 * scripts/kafka.sh and scripts/postgres.sh serve; a throw-away container when a Docker engine answers;
 * otherwise the suites are skipped with a printed reason — except under CI, where they fail instead.
 */
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, it } from 'vitest';

/** True when running under CI: a missing service is then a failure, never a skip. */
export const inCI = Boolean(process.env.CI) && process.env.CI !== 'false';

/** Where a service comes from, or why there is none. */
export type ServiceSource =
  | { kind: 'env'; variable: string }
  | { kind: 'local'; address: string }
  | { kind: 'container' }
  | { kind: 'missing'; reason: string };

/** True when a TCP connection to host:port opens within `timeoutMs`. */
export function portAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The Docker engine's unix socket named by DOCKER_HOST, or the default one. */
function dockerSocketPath(): string | null {
  const host = process.env.DOCKER_HOST;
  if (host === undefined || host === '') return '/var/run/docker.sock';
  return host.startsWith('unix://') ? host.slice('unix://'.length) : null;
}

let dockerCheck: Promise<boolean> | undefined;

/** True when a Docker engine answers `GET /_ping` on its unix socket within a second (checked once). */
export function dockerAnswers(): Promise<boolean> {
  dockerCheck ??= new Promise((resolve) => {
    const socketPath = dockerSocketPath();
    if (socketPath === null || !existsSync(socketPath)) {
      resolve(false);
      return;
    }
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
  return dockerCheck;
}

/**
 * A `describe` for suites that need a service: runs normally when the service is there; otherwise
 * skips with the reason printed once, or, under CI, fails every test of the suite with that reason.
 */
/** How many skipped service suites are being collected around the current one. */
let skippedAround = 0;

export function describeWithService(service: string, source: ServiceSource) {
  return (name: string, fn: () => void): void => {
    // Inside a suite already skipped, a plain describe: a describe.skip nested in another leaves its
    // tests neither run nor skipped ("pending"), counted in the total but in no column of the summary.
    if (source.kind !== 'missing' || skippedAround > 0) {
      describe(name, fn);
      return;
    }
    if (inCI) {
      // A failing test rather than a failing hook: the failure is counted, not hidden among skips.
      describe(name, () => {
        it(`has ${service} to run against`, () => {
          throw new Error(`${service} is required under CI but unavailable: ${source.reason}`);
        });
      });
      return;
    }
    console.warn(`[skip] ${name}: ${service} unavailable (${source.reason})`);
    describe.skip(`${name} [skipped: ${service} unavailable]`, () => {
      skippedAround++;
      try {
        fn();
      } finally {
        skippedAround--;
      }
    });
  };
}

/** A short random suffix for names that must not collide between parallel test files and runs. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
