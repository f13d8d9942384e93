// XmlRpcTransport against a real HTTP server on 127.0.0.1 that returns canned
// responses: results, faults, HTTP errors, bodies that are not XML-RPC and
// broken connections each become the error pmap's retry policy expects.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { OdooConnectionError, OdooFault } from '../../runtime/odoo/odoo-errors.js';
import { XmlRpcTransport } from '../../runtime/odoo/xmlrpc-transport.js';
import { XmlRpcEncodingError } from '../../runtime/odoo/xmlrpc-serializer.js';

interface ReceivedRequest {
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
}

interface CannedServer {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Number of TCP connections accepted. */
  connections: number;
  close(): Promise<void>;
}

const RESULT_BODY =
  '<?xml version="1.0"?><methodResponse><params><param><value><array><data>' +
  '<value><int>7</int></value><value><string>Smith &amp; Sons</string></value>' +
  '</data></array></value></param></params></methodResponse>';

const FAULT_BODY =
  '<?xml version="1.0"?><methodResponse><fault><value><struct>' +
  '<member><name>faultCode</name><value><int>2</int></value></member>' +
  '<member><name>faultString</name><value><string>Traceback (most recent call last):\nodoo.exceptions.ValidationError: The email is invalid</string></value></member>' +
  '</struct></value></fault></methodResponse>';

let server: CannedServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startServer(respond: (request: IncomingMessage, response: ServerResponse, body: string) => void): Promise<CannedServer> {
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const http: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method, path: request.url, contentType: request.headers['content-type'], body });
      respond(request, response, body);
    });
  });
  const canned: CannedServer = {
    url: '',
    requests,
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        http.close(() => resolve());
      }),
  };
  http.on('connection', (socket: Socket) => {
    canned.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return Object.assign(canned, { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/odoo/` });
}

function reply(status: number, body: string, headers: Record<string, string> = {}) {
  return (_request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(status, { 'Content-Type': 'text/xml', ...headers });
    response.end(body);
  };
}

async function rejection(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the call succeeded, but it was expected to fail');
}

describe('XmlRpcTransport', () => {
  it('posts execute_kw and returns the result', async () => {
    server = await startServer(reply(200, RESULT_BODY));
    const transport = new XmlRpcTransport(server.url);

    const result = await transport.executeKw(['db', 2, 'secret', 'res.partner', 'create', [[{ name: 'Smith & Sons' }]]], 'res.partner', 'create');

    expect(result).toEqual([7, 'Smith & Sons']);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.method).toBe('POST');
    expect(server.requests[0]!.path).toBe('/odoo/xmlrpc/2/object');
    expect(server.requests[0]!.contentType).toBe('text/xml');
    expect(server.requests[0]!.body).toContain('<methodName>execute_kw</methodName>');
    expect(server.requests[0]!.body).toContain('<name>name</name><value><string>Smith &amp; Sons</string></value>');
  });

  it('calls the common endpoint', async () => {
    server = await startServer(reply(200, RESULT_BODY));
    const transport = new XmlRpcTransport(server.url);

    await transport.callCommon('version', []);

    expect(server.requests[0]!.path).toBe('/odoo/xmlrpc/2/common');
    expect(server.requests[0]!.body).toContain('<methodName>version</methodName><params></params>');
  });

  it('reuses one connection', async () => {
    server = await startServer(reply(200, RESULT_BODY));
    const transport = new XmlRpcTransport(server.url);

    for (let call = 0; call < 3; call += 1) {
      await transport.executeKw(['db', 2, 'secret', 'res.partner', 'search', [[]]], 'res.partner', 'search');
    }

    expect(server.requests).toHaveLength(3);
    expect(server.connections).toBe(1);
  });

  it('reads unusual responses with the package', async () => {
    // Upper-case tags and a comment are valid for the package's parser, but outside what pmap's own reader takes.
    server = await startServer(reply(200, '<METHODRESPONSE><!-- odd --><PARAMS><PARAM><VALUE><INT>5</INT></VALUE></PARAM></PARAMS></METHODRESPONSE>'));
    const transport = new XmlRpcTransport(server.url);

    await expect(transport.executeKw(['db', 2, 'secret', 'res.partner', 'search_count', [[]]], 'res.partner', 'search_count')).resolves.toBe(5);
  });

  it('turns a fault into OdooFault', async () => {
    server = await startServer(reply(200, FAULT_BODY));
    const transport = new XmlRpcTransport(server.url);

    const error = await rejection(transport.executeKw(['db', 2, 'secret', 'res.partner', 'create', [[{}]]], 'res.partner', 'create'));

    expect(error).toBeInstanceOf(OdooFault);
    expect((error as OdooFault).faultCode).toBe(2);
    expect(error.message).toContain('The email is invalid');
  });

  it('reports an HTTP 503 with Retry-After', async () => {
    server = await startServer(reply(503, '<html><body>Service Unavailable</body></html>', { 'Content-Type': 'text/html', 'Retry-After': '7' }));
    const transport = new XmlRpcTransport(server.url);

    const error = await rejection(transport.executeKw(['db', 2, 'secret', 'res.partner', 'search', [[]]], 'res.partner', 'search'));

    expect(error).toBeInstanceOf(OdooConnectionError);
    expect((error as OdooConnectionError).httpStatus).toBe(503);
    expect((error as OdooConnectionError).retryAfterSeconds).toBe(7);
    expect(error.message).toContain(`Odoo at ${server.url} responded with HTTP 503`);
  });

  it('reports HTTP 404 and keeps working', async () => {
    let calls = 0;
    server = await startServer((request, response) => {
      calls += 1;
      if (calls === 1) reply(404, 'no such page')(request, response);
      else reply(200, RESULT_BODY)(request, response);
    });
    const transport = new XmlRpcTransport(server.url);

    const error = await rejection(transport.executeKw(['db', 2, 'secret', 'res.partner', 'search', [[]]], 'res.partner', 'search'));
    expect(error).toBeInstanceOf(OdooConnectionError);
    expect((error as OdooConnectionError).httpStatus).toBe(404);
    expect(error.message).toContain('check target.url in pmap.yaml and that XML-RPC is enabled');

    await expect(transport.executeKw(['db', 2, 'secret', 'res.partner', 'search', [[]]], 'res.partner', 'search')).resolves.toEqual([7, 'Smith & Sons']);
  });

  it('reports a response that is not XML-RPC', async () => {
    server = await startServer(reply(200, '<html><body>Welcome to nginx</body></html>', { 'Content-Type': 'text/html' }));
    const transport = new XmlRpcTransport(server.url);

    const error = await rejection(transport.executeKw(['db', 2, 'secret', 'res.partner', 'search', [[]]], 'res.partner', 'search'));

    expect(error).toBeInstanceOf(OdooConnectionError);
    expect(error.message).toContain(`the call to Odoo at ${server.url} failed`);
    expect((error as OdooConnectionError).transient).toBe(false);
  });

  it('reports a connection closed without a response as transient', async () => {
    server = await startServer((request) => request.socket.destroy());
    const transport = new XmlRpcTransport(server.url);

    const error = await rejection(transport.executeKw(['db', 2, 'secret', 'res.partner', 'create', [[{}]]], 'res.partner', 'create'));

    expect(error).toBeInstanceOf(OdooConnectionError);
    expect((error as OdooConnectionError).transient).toBe(true);
    expect(error.message).toContain('broke before the response arrived (ECONNRESET)');
  });

  it('reports a refused connection as not sent', async () => {
    const closed = await startServer(reply(200, RESULT_BODY));
    const url = closed.url;
    await closed.close();
    const transport = new XmlRpcTransport(url);

    const error = await rejection(transport.callCommon('version', []));

    expect(error).toBeInstanceOf(OdooConnectionError);
    expect((error as OdooConnectionError).notSent).toBe(true);
    expect(error.message).toContain(`cannot reach Odoo at ${url} (ECONNREFUSED)`);
  });

  it('rejects an invalid character before sending', async () => {
    server = await startServer(reply(200, RESULT_BODY));
    const transport = new XmlRpcTransport(server.url);

    const error = await rejection(
      transport.executeKw(['db', 2, 'secret', 'res.partner', 'create', [[{ comment: 'form\u000Cfeed' }]]], 'res.partner', 'create'),
    );

    expect(error).toBeInstanceOf(XmlRpcEncodingError);
    expect(error.message).toBe(
      'cannot send res.partner.create over XML-RPC: params[5][0][0].comment contains the character U+000C at index 4, ' +
        'which XML 1.0 does not allow; remove it from the source value or map it away',
    );
    expect(server.requests).toHaveLength(0);
  });
});
