/**
 * HTTPS with client certificates (mTLS) as an alternative to API keys: a certificate signed by the
 * configured CA and registered for a system (by fingerprint or subject) identifies that system.
 */
import { rmSync } from 'node:fs';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Listening, listen } from '../../gateway/http/server.ts';
import { makeCertificates } from '../support/certificates.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys, testRegistry } from '../support/registry.ts';

const certs = makeCertificates(['fj-by-fingerprint', 'fj-by-subject', 'unregistered']);
afterAll(() => rmSync(certs.dir, { recursive: true, force: true }));

function registryWithCertificates() {
  return testRegistry([
    {
      id: 'fj-mtls',
      name: 'Fujian over mTLS',
      kind: 'provincial',
      publish: { areas: ['350000'], recordTypes: ['notice'] },
      credentials: {
        certificates: [
          { fingerprint256: certs.clients['fj-by-fingerprint']!.fingerprint256 },
          { subject: certs.clients['fj-by-subject']!.subject },
        ],
      },
    },
  ]);
}

async function startTls(requireClientCert: boolean): Promise<{ gw: TestGateway; server: Listening }> {
  const gw = await startTestGateway({
    registry: registryWithCertificates(),
    env: {
      PORT: '0',
      PXG_TLS_CERT: certs.server.certFile,
      PXG_TLS_KEY: certs.server.keyFile,
      PXG_TLS_CLIENT_CA: certs.ca.certFile,
      PXG_TLS_REQUIRE_CLIENT_CERT: String(requireClientCert),
    },
  });
  return { gw, server: await listen(gw.app, gw.services.config) };
}

function agent(client?: { cert: string; key: string }): Agent {
  return new Agent({ connect: { ca: certs.ca.cert, ...(client ? { cert: client.cert, key: client.key } : {}) } });
}

async function push(server: Listening, dispatcher: Agent, headers: Record<string, string> = {}) {
  const res = await request(`${server.url}/v1/records`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', 'accept-language': 'en', ...headers },
    body: JSON.stringify(headerRecord()),
  });
  return { status: res.statusCode, body: (await res.body.json()) as { receipt?: { sourceSystem: string }; code?: string } };
}

describe('client certificates optional', () => {
  let gw: TestGateway;
  let server: Listening;
  beforeAll(async () => {
    ({ gw, server } = await startTls(false));
  });
  afterAll(async () => {
    await server.close(100);
    await gw.close();
  });

  it('serves HTTPS', () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('identifies a system by the fingerprint of its client certificate, without an API key', async () => {
    const { status, body } = await push(server, agent(certs.clients['fj-by-fingerprint']));
    expect(status).toBe(201);
    expect(body.receipt?.sourceSystem).toBe('fj-mtls');
  });

  it('identifies a system by the subject of its client certificate', async () => {
    const { status, body } = await push(server, agent(certs.clients['fj-by-subject']));
    expect(status).toBe(201);
    expect(body.receipt?.sourceSystem).toBe('fj-mtls');
  });

  it('refuses a CA-signed certificate that no system registered', async () => {
    const { status, body } = await push(server, agent(certs.clients['unregistered']));
    expect(status).toBe(401);
    expect(body.code).toBe('unauthenticated');
  });

  it('ignores a certificate the CA did not sign', async () => {
    const stranger = { cert: certs.stranger.cert, key: certs.stranger.key };
    expect((await push(server, agent(stranger))).status).toBe(401);
  });

  it('still accepts an API key over HTTPS', async () => {
    const { status, body } = await push(server, agent(), { authorization: `Bearer ${keys.fujian}` });
    expect(status).toBe(201);
    expect(body.receipt?.sourceSystem).toBe('fj-gpms');
  });
});

describe('client certificates required', () => {
  let gw: TestGateway;
  let server: Listening;
  beforeAll(async () => {
    ({ gw, server } = await startTls(true));
  });
  afterAll(async () => {
    await server.close(100);
    await gw.close();
  });

  it('accepts a registered client certificate', async () => {
    expect((await push(server, agent(certs.clients['fj-by-fingerprint']))).status).toBe(201);
  });

  it('refuses the TLS handshake without a client certificate', async () => {
    await expect(push(server, agent(), { authorization: `Bearer ${keys.fujian}` })).rejects.toThrow();
  });
});
