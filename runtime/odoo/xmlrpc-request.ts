import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createRequire } from 'node:module';

interface XmlRpcDeserializer {
  deserializeMethodResponse(stream: IncomingMessage, callback: (error: Error | null | undefined, value?: unknown) => void): void;
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

/**
 * POSTs an XML-RPC request body to `url` and parses the response with the
 * `xmlrpc` package's deserializer. Follows the package's client: a fault
 * rejects with an Error that has `faultCode` and `faultString`, HTTP 404 and
 * responses that are not XML-RPC reject with the response attached as `res`,
 * and network failures reject with Node's error.
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

        new Deserializer().deserializeMethodResponse(response, (error, value) => {
          if (error) {
            reject(withResponse(error));
            return;
          }
          resolve(value);
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
