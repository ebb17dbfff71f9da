import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A real HTTP server for runbook files, so the UrlReader is exercised end to end: it answers
 * `files` by path with an ETag, honours If-None-Match with 304, and counts the requests.
 */
export async function startFileServer(files: Record<string, string | Buffer>) {
  const requests: Array<{ path: string; status: number }> = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = files[path];
    let status = 200;
    if (body === undefined) {
      status = 404;
      res.writeHead(404).end('not found');
    } else {
      const etag = `"${Buffer.byteLength(body)}-${path.length}"`;
      if (req.headers['if-none-match'] === etag) {
        status = 304;
        res.writeHead(304, { etag }).end();
      } else {
        res.writeHead(200, { etag, 'content-type': 'text/plain' }).end(body);
      }
    }
    requests.push({ path, status });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    requests,
    files,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
