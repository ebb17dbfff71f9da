import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A loopback endpoint that records JSON posts (a response_url, a Teams Workflows webhook). */
export class Receiver {
  readonly received: Array<{ path: string; body: any; status: number }> = [];
  /** Status codes to answer next, in order (then 200), with a Retry-After of one second. */
  readonly answers: number[] = [];
  private server?: http.Server;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', chunk => {
        body += chunk;
      });
      req.on('end', () => {
        const status = this.answers.shift() ?? 200;
        this.received.push({
          path: req.url ?? '',
          body: JSON.parse(body || 'null'),
          status,
        });
        res.writeHead(status, status === 429 ? { 'Retry-After': '1' } : {});
        res.end();
      });
    });
    await new Promise<void>(r =>
      this.server!.listen(0, '127.0.0.1', () => r()),
    );
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  accepted(path: string) {
    return this.received.filter(r => r.path === path && r.status === 200);
  }

  async stop(): Promise<void> {
    await new Promise<void>(r => this.server?.close(() => r()));
  }
}
