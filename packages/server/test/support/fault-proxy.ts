import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback between a node and a real server (PostgreSQL), that a test breaks on purpose:
 * - `resetAll()` cuts every open connection with a TCP reset, both ways (a network fault mid-query);
 * - `blackhole()` keeps connections open but forwards nothing, and accepts new ones that never reach the
 *   server (a frozen server or a dropped route);
 * - `refuse()` resets every connection, open or new, at once (a server that is gone);
 * - `heal()` resets what is open (bytes were lost meanwhile) and forwards new connections normally again.
 */
export class FaultProxy {
  private mode: 'pass' | 'blackhole' | 'refuse' = 'pass';
  private readonly pairs = new Set<[Socket, Socket]>();
  /** How many connections were cut by resets so far. */
  resets = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<FaultProxy> {
    let proxy: FaultProxy | undefined;
    const server = createServer((client) => proxy!.accept(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new FaultProxy(server, (server.address() as AddressInfo).port);
    return proxy;
  }

  private accept(client: Socket, target: { host: string; port: number }): void {
    client.on('error', () => {});
    if (this.mode === 'refuse') return void client.resetAndDestroy();
    if (this.mode === 'blackhole') {
      client.on('data', () => {});
      this.pairs.add([client, client]);
      return;
    }
    const upstream = connect(target.port, target.host);
    upstream.on('error', () => client.resetAndDestroy());
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (this.mode === 'pass' && !to.destroyed) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const drop = () => this.pairs.delete(pair);
    client.on('close', () => (drop(), upstream.destroy()));
    upstream.on('close', () => (drop(), client.destroy()));
  }

  resetAll(): void {
    for (const [client, upstream] of this.pairs) {
      if (!client.destroyed) client.resetAndDestroy();
      if (!upstream.destroyed && upstream !== client) upstream.resetAndDestroy();
      this.resets += 1;
    }
    this.pairs.clear();
  }

  blackhole(): void {
    this.mode = 'blackhole';
  }

  refuse(): void {
    this.mode = 'refuse';
    this.resetAll();
  }

  heal(): void {
    this.resetAll();
    this.mode = 'pass';
  }

  /** A PostgreSQL URL through this proxy, working in `schema`. */
  postgresUrl(base: string, schema: string): string {
    const url = new URL(base);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return url.toString();
  }

  async close(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
