/** The HTTP server around the app: it cuts off clients too slow to send their request. */
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Listening, listen } from '../../gateway/http/server.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
let server: Listening;
beforeAll(async () => {
  gw = await startTestGateway({ env: { PORT: '0', PXG_HEADERS_TIMEOUT_MS: '1000', PXG_REQUEST_TIMEOUT_MS: '1500' } });
  server = await listen(gw.app, gw.services.config);
});
afterAll(async () => {
  await server.close(100);
  await gw.close();
});

it('answers a client that never finishes its headers with 408 and closes the connection', async () => {
  const { port } = new URL(server.url);
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) }, () =>
      socket.write('POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\n'),
    );
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
  expect(reply).toMatch(/^HTTP\/1\.1 408/);
});

it('answers a client that never finishes its body with 408', async () => {
  const { port } = new URL(server.url);
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) }, () =>
      socket.write(
        'POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer test-key-fujian-province-0001\r\nContent-Length: 100\r\n\r\n{"a":',
      ),
    );
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
  expect(reply).toMatch(/408/);
});
