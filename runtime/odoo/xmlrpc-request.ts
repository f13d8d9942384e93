import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';

import { parseMethodResponse } from './xmlrpc-response.js';

interface XmlRpcDeserializer {
  deserializeMethodResponse(stream: Readable, callback: (error: Error | null | undefined, value?: unknown) => void): void;
}

// The package exposes its response parser only as a CommonJS file without types.
const require = createRequire(import.meta.url);
const Deserializer = require('xmlrpc/lib/deserializer.js') as new () => XmlRpcDeserializer;

/** The error of a call that got an HTTP response, with that response attached, as the `xmlrpc` package reports it. */
export interface XmlRpcResponseError extends Error {
  readonly res?: IncomingMessage;
}

// The headers the `xmlrpc` package sends, so that servers and proxies see the same requests as before.
const REQUEST_HEADERS = {
  'User-Agent': 'NodeJS XML-RPC Client',
  'Content-Type': 'text/xml',
  Accept: 'text/xml',
  'Accept-Charset': 'UTF8',
  Connection: 'Keep-Alive',
} as const;

/** Builds the error the package's deserializer reports for a fault. */
function faultError(faultCode: unknown, faultString: unknown): Error {
  const error = new Error(`XML-RPC fault${faultString ? `: ${String(faultString)}` : ''}`);
  return Object.assign(error, { code: faultCode, faultCode, faultString });
}

/**
 * POSTs an XML-RPC request body to `url` and parses the response with
 * parseMethodResponse, or else with the `xmlrpc` package's deserializer.
 * Follows the package's client: a fault rejects with an Error that has
 * `faultCode` and `faultString`, HTTP 404 and responses that are not XML-RPC
 * reject with the response attached as `res`, and network failures reject
 * with Node's error.
 */
export function postXmlRpcCall(url: URL, agent: Agent, body: string): Promise<unknown> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const payload = Buffer.from(body, 'utf8');

  return new Promise((resolve, reject) => {
    const request = send(
      url,
      { method: 'POST', agent, headers: { ...REQUEST_HEADERS, 'Content-Length': payload.length } },
      (response) => {
        const withResponse = (error: Error): XmlRpcResponseError => Object.defineProperty(error, 'res', { value: response });

        if (response.statusCode === 404) {
          // Drain the body so that the keep-alive connection can serve the next call.
          response.resume();
          reject(withResponse(new Error('Not Found')));
          return;
        }

        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => reject(withResponse(error)));
        response.on('end', () => {
          const responseText = Buffer.concat(chunks).toString('utf8');
          const parsed = parseMethodResponse(responseText);
          if (parsed?.kind === 'value') {
            resolve(parsed.value);
            return;
          }
          if (parsed?.kind === 'fault') {
            reject(withResponse(faultError(parsed.faultCode, parsed.faultString)));
            return;
          }

          // A body outside the shapes parseMethodResponse reads goes to the package, which returns its value or its error.
          new Deserializer().deserializeMethodResponse(Readable.from([responseText]), (error, value) => {
            if (error) {
              reject(withResponse(error));
              return;
            }
            resolve(value);
          });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
