// An https server on 127.0.0.1 in front of a plain-http server (the Odoo
// sandbox), with a self-signed certificate made by `openssl` when the test
// starts, as a reverse proxy with its own certificate would stand before Odoo.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether an `openssl` binary is on the PATH to make the certificate with. */
export const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;

export interface HttpsProxy {
  readonly url: string;
  close(): Promise<void>;
}

/** Makes a self-signed certificate for 127.0.0.1, valid for one day. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const folder = mkdtempSync(join(tmpdir(), 'pmap-tls-'));
  try {
    const result = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
        '-keyout', join(folder, 'key.pem'), '-out', join(folder, 'cert.pem')],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`openssl failed to make a test certificate: ${result.stderr}`);
    return { key: readFileSync(join(folder, 'key.pem')), cert: readFileSync(join(folder, 'cert.pem')) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Starts an https proxy to `target` (an http URL on 127.0.0.1). */
export async function startHttpsProxy(target: string): Promise<HttpsProxy> {
  const server = createServer(selfSignedCertificate(), (incoming, outgoing) => {
    const forwarded = request(new URL(incoming.url ?? '/', target), { method: incoming.method, headers: incoming.headers }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    });
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  // A client that rejects the certificate closes the handshake; that is the expected outcome, not a server error.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
