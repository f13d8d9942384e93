import type { Agent } from 'node:http';

import { createOdooAgent } from './http-agent.js';
import { httpStatusError, networkError, OdooConnectionError, OdooFault } from './odoo-errors.js';
import { postXmlRpcCall } from './xmlrpc-request.js';
import { serializeMethodCall, XmlRpcEncodingError } from './xmlrpc-serializer.js';

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
  private readonly common: URL;
  private readonly object: URL;
  private readonly agent: Agent;

  constructor(readonly url: string, options: { readonly tlsVerify?: boolean } = {}) {
    const base = new URL(url);
    // Both endpoints share one keep-alive pool, which also carries the TLS verification setting.
    this.agent = createOdooAgent(base, options.tlsVerify ?? true);
    const endpoint = (service: string): URL => new URL(`${base.origin}${base.pathname.replace(/\/$/, '')}/xmlrpc/2/${service}`);
    this.common = endpoint('common');
    this.object = endpoint('object');
  }

  callCommon(method: string, params: unknown[]): Promise<unknown> {
    return this.call(this.common, method, params, { model: 'common', method });
  }

  /** `execute_kw(db, uid, password, model, method, args, kwargs)`. */
  executeKw(params: unknown[], model: string, method: string): Promise<unknown> {
    return this.call(this.object, 'execute_kw', params, { model, method });
  }

  private async call(endpoint: URL, method: string, params: unknown[], where: { model: string; method: string }): Promise<unknown> {
    let body: string;
    try {
      body = serializeMethodCall(method, params);
    } catch (error) {
      if (!(error instanceof XmlRpcEncodingError)) throw error;
      // Nothing was sent. The message names the call and where the value sits in its parameters.
      throw new XmlRpcEncodingError(error.path, `cannot send ${where.model}.${where.method} over XML-RPC: ${error.message}`);
    }

    try {
      return await postXmlRpcCall(endpoint, this.agent, body);
    } catch (rawError) {
      const error = rawError as XmlRpcError;
      if (typeof error.faultCode === 'number') {
        throw new OdooFault(error.faultCode, String(error.faultString ?? ''), where.model, where.method);
      }
      throw this.connectionError(error);
    }
  }

  private connectionError(error: XmlRpcError): OdooConnectionError {
    const status = error.res?.statusCode;
    if (status !== undefined && status !== 200) {
      const retryAfter = error.res?.headers?.['retry-after'];
      return httpStatusError(this.url, status, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, 'check target.url in pmap.yaml and that XML-RPC is enabled');
    }
    // Node reports a connection closed without a response as "socket hang up", without a code.
    const code = error.code ?? (error.message === 'socket hang up' ? 'ECONNRESET' : undefined);
    return networkError(this.url, code, error.message);
  }
}
