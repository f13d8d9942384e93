import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/**
 * Creates the connection pool for one Odoo URL. Keep-alive saves a TCP (and
 * TLS) handshake per call. Certificates are verified unless `tlsVerify` is
 * false, which only `target.tls_verify: false` in pmap.yaml sets.
 */
export function createOdooAgent(url: URL, tlsVerify: boolean): HttpAgent {
  if (url.protocol === 'https:') return new HttpsAgent({ keepAlive: true, rejectUnauthorized: tlsVerify });
  return new HttpAgent({ keepAlive: true });
}
