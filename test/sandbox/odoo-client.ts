// A minimal Odoo XML-RPC client for the sandbox tests, built on the `xmlrpc`
// package as pmap's runtime is, talking over a real socket.

import xmlrpc from 'xmlrpc';

import type { Sandbox } from '../../sandbox/server.js';

export interface Fault {
  faultCode: number;
  faultString: string;
}

/** Calls one XML-RPC method on a path of the sandbox. */
export function callXmlRpc(sandbox: Sandbox, path: string, method: string, params: unknown[]): Promise<unknown> {
  const client = xmlrpc.createClient({ url: `${sandbox.url}${path}` });
  return new Promise((resolve, reject) => {
    client.methodCall(method, params, (error, value) => (error ? reject(error) : resolve(value)));
  });
}

export class OdooClient {
  constructor(
    readonly sandbox: Sandbox,
    readonly uid = 2,
    readonly password = 'admin',
  ) {}

  common(method: string, params: unknown[]): Promise<unknown> {
    return callXmlRpc(this.sandbox, '/xmlrpc/2/common', method, params);
  }

  executeKw(model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>): Promise<unknown> {
    const params: unknown[] = [this.sandbox.database, this.uid, this.password, model, method, args];
    if (kwargs) params.push(kwargs);
    return callXmlRpc(this.sandbox, '/xmlrpc/2/object', 'execute_kw', params);
  }
}

/** Awaits a call that must fail and returns its fault. */
export async function expectFault(call: Promise<unknown>): Promise<Fault> {
  try {
    const value = await call;
    throw new Error(`Expected an XML-RPC fault, got ${JSON.stringify(value)}`);
  } catch (error) {
    const fault = error as Partial<Fault>;
    if (typeof fault.faultCode !== 'number' || typeof fault.faultString !== 'string') throw error;
    return { faultCode: fault.faultCode, faultString: fault.faultString };
  }
}

/** Returns the last non-empty line of a traceback, where Python writes `Type: message`. */
export function lastTracebackLine(faultString: string): string {
  const lines = faultString.split('\n').filter((line) => line.trim() !== '');
  return lines[lines.length - 1] ?? '';
}
