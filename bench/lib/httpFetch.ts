/*
 * A `fetch` for benchmark clients, on node:http with one keep-alive agent, that reads the
 * whole body and gunzips it in one call before handing it over as a `Response`.
 *
 * Why not the global fetch: undici's fetch decompresses through web streams chunk by chunk,
 * and on a 300 KB JSON answer (14 KB gzipped) it spends about 6 ms of its own where node:http
 * and one zlib call spend under 1 ms on the same bytes (measured on this machine). A browser
 * decompresses natively, so a bench that timed undici would measure its client, not the
 * server. Every client of a comparison uses this same fetch, so neither side is favoured.
 */
import http from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const gunzip = promisify(zlib.gunzip);
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export async function httpFetch(
  input: string | URL | Request,
  init?: RequestInit,
): Promise<Response> {
  const request = new Request(input, init);
  const body =
    request.body === null
      ? undefined
      : Buffer.from(await request.arrayBuffer());
  const headers: Record<string, string> = { 'accept-encoding': 'gzip' };
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (body) headers['content-length'] = String(body.length);
  const url = new URL(request.url);
  if (url.protocol !== 'http:') {
    throw new Error(`httpFetch only speaks http, not ${url.protocol}`);
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: request.method, headers, agent },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', async () => {
          try {
            let bytes = Buffer.concat(chunks);
            if (res.headers['content-encoding'] === 'gzip') {
              bytes = await gunzip(bytes);
            }
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (name === 'content-encoding' || name === 'content-length') {
                continue;
              }
              for (const v of [value ?? []].flat()) {
                responseHeaders.append(name, v);
              }
            }
            const status = res.statusCode ?? 0;
            resolve(
              new Response(status === 204 || status === 304 ? null : bytes, {
                status,
                headers: responseHeaders,
              }),
            );
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
