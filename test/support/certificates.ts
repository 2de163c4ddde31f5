/**
 * Throw-away certificates for TLS tests, made with the openssl command line: a CA, a server
 * certificate for 127.0.0.1, client certificates signed by the CA, and a self-signed stranger.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A certificate with its key, as PEM, and where they are on disk. */
export interface Issued {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
  fingerprint256: string;
  subject: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function issued(dir: string, name: string): Issued {
  const cert = readFileSync(join(dir, `${name}.crt`), 'utf8');
  const x509 = new X509Certificate(cert);
  return {
    certFile: join(dir, `${name}.crt`),
    keyFile: join(dir, `${name}.key`),
    cert,
    key: readFileSync(join(dir, `${name}.key`), 'utf8'),
    fingerprint256: x509.fingerprint256,
    subject: x509.subject.split('\n').join(', '),
  };
}

/** Makes a CA, a server certificate for 127.0.0.1 and one client certificate per common name. */
export function makeCertificates(clients: string[]): {
  dir: string;
  ca: Issued;
  server: Issued;
  clients: Record<string, Issued>;
  stranger: Issued;
} {
  const dir = mkdtempSync(join(tmpdir(), 'pxg-tls-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(dir, ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=pxg test CA']);
  const sign = (name: string, subject: string, ext?: string) => {
    openssl(dir, ['req', '-new', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
    const args = [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
    ];
    if (ext) {
      writeFileSync(join(dir, `${name}.ext`), ext);
      args.push('-extfile', `${name}.ext`);
    }
    openssl(dir, args);
    return issued(dir, name);
  };
  const server = sign('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  const issuedClients: Record<string, Issued> = {};
  for (const cn of clients)
    issuedClients[cn] = sign(`client-${cn}`, `/O=Procurement Exchange Test/CN=${cn}`, 'extendedKeyUsage=clientAuth\n');
  openssl(dir, ['req', '-x509', ...ec, '-keyout', 'stranger.key', '-out', 'stranger.crt', '-days', '2', '-subj', '/CN=stranger']);
  return { dir, ca: issued(dir, 'ca'), server, clients: issuedClients, stranger: issued(dir, 'stranger') };
}
