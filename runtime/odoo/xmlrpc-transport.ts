import xmlrpc from 'xmlrpc';
import { createOdooAgent } from './http-agent.js';
import { httpStatusError, networkError, OdooConnectionError, OdooFault } from './odoo-errors.js';

type XmlRpcClient = ReturnType<typeof xmlrpc.createClient>;

interface XmlRpcError extends Error {
  faultCode?: number;
  faultString?: string;
  code?: string;
  res?: { statusCode?: number; headers?: Record<string, string | string[] | undefined> };
}

/**
 * Calls Odoo's `/xmlrpc/2/common` and `/xmlrpc/2/object` endpoints. Faults
 * become `OdooFault`; network failures and responses that are not XML-RPC become
 * `OdooConnectionError` naming the URL.
 */
export class XmlRpcTransport {
  private readonly common: XmlRpcClient;
  private readonly object: XmlRpcClient;

  constructor(readonly url: string, options: { readonly tlsVerify?: boolean } = {}) {
    const base = new URL(url);
    const create = base.protocol === 'https:' ? xmlrpc.createSecureClient : xmlrpc.createClient;
    // The xmlrpc package hands its options to http(s).request, so the agent sets keep-alive and TLS verification.
    const agent = createOdooAgent(base, options.tlsVerify ?? true);
    const clientFor = (service: string) => create({
      host: base.hostname,
      port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
      path: `${base.pathname.replace(/\/$/, '')}/xmlrpc/2/${service}`,
      agent,
    } as Parameters<typeof xmlrpc.createClient>[0]);
    this.common = clientFor('common');
    this.object = clientFor('object');
  }

  callCommon(method: string, params: unknown[]): Promise<unknown> {
    return this.call(this.common, method, params, { model: 'common', method });
  }

  /** `execute_kw(db, uid, password, model, method, args, kwargs)`. */
  executeKw(params: unknown[], model: string, method: string): Promise<unknown> {
    return this.call(this.object, 'execute_kw', params, { model, method });
  }

  private call(client: XmlRpcClient, method: string, params: unknown[], where: { model: string; method: string }): Promise<unknown> {
    return new Promise((resolve, reject) => {
      client.methodCall(method, params, (rawError: object | null, value: unknown) => {
        const error = rawError as XmlRpcError | null;
        if (!error) {
          resolve(value);
          return;
        }
        if (typeof error.faultCode === 'number') {
          reject(new OdooFault(error.faultCode, String(error.faultString ?? ''), where.model, where.method));
          return;
        }
        reject(this.connectionError(error));
      });
    });
  }

  private connectionError(error: XmlRpcError): OdooConnectionError {
    const status = error.res?.statusCode;
    if (status !== undefined && status !== 200) {
      const retryAfter = error.res?.headers?.['retry-after'];
      return httpStatusError(this.url, status, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, 'check target.url in pmap.yaml and that XML-RPC is enabled');
    }
    // The xmlrpc package reports a connection closed without a response as "socket hang up", without a code.
    const code = error.code ?? (error.message === 'socket hang up' ? 'ECONNRESET' : undefined);
    return networkError(this.url, code, error.message);
  }
}
