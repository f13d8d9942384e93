import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * Sends one HTTP request through `agent` and reads the whole response body.
 * Network and TLS failures reject with Node's error, whose `code` names the cause.
 */
export function sendHttpRequest(
  url: URL,
  agent: Agent,
  options: { readonly method: 'GET' | 'POST'; readonly headers?: Record<string, string>; readonly body?: string },
): Promise<HttpResponse> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
  const headers: Record<string, string | number> = { ...options.headers };
  if (body) headers['Content-Length'] = body.length;

  return new Promise((resolve, reject) => {
    const request = send(url, { method: options.method, agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}
