// A TCP proxy in front of a server (PostgreSQL in the tests), so a test can take the database away
// from the processes that use it and give it back, without touching the shared server:
// - cut(): every open connection is reset and the port stops listening (new connects are refused),
//   as when the database host goes down;
// - stall(): connections stay open and new ones are accepted, but no byte moves either way, as in a
//   network partition (TCP keeps retrying, nothing is refused);
// - restore(): the same port listens and forwards again (after a stall, what was held flows on).
import { createConnection, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  /** The local port; rewrite a database URL to it with `proxiedUrl`. */
  port: number;
  /** Connections accepted since the start (a restored database gets new ones). */
  readonly accepted: number;
  /** Open client connections right now. */
  readonly open: number;
  cut(): Promise<void>;
  stall(): void;
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** The same URL, pointed at the proxy on 127.0.0.1. */
export function proxiedUrl(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = "127.0.0.1";
  parsed.port = String(port);
  return parsed.toString();
}

function connect({ client, upstream }: { client: Socket; upstream: Socket }): void {
  client.pipe(upstream);
  upstream.pipe(client);
}

export async function startTcpProxy(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let accepted = 0;
  let server: Server | null = null;
  let stalled = false;

  const onConnection = (client: Socket) => {
    accepted++;
    const upstream = createConnection({ host: target.host, port: target.port });
    const pair = { client, upstream };
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    if (!stalled) connect(pair);
  };

  const listen = (onPort: number) =>
    new Promise<Server>((resolve, reject) => {
      const next = createServer(onConnection);
      next.once("error", reject);
      next.listen(onPort, "127.0.0.1", () => {
        next.off("error", reject);
        resolve(next);
      });
    });

  server = await listen(port);
  const boundPort = (server.address() as { port: number }).port;

  const stopListening = async () => {
    const current = server;
    server = null;
    // resetAndDestroy sends RST, as a host that went away would: the peer sees ECONNRESET at once.
    for (const { client, upstream } of pairs) {
      client.resetAndDestroy();
      upstream.destroy();
    }
    pairs.clear();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  return {
    port: boundPort,
    get accepted() {
      return accepted;
    },
    get open() {
      return pairs.size;
    },
    cut: stopListening,
    stall() {
      stalled = true;
      for (const { client, upstream } of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    async restore() {
      if (stalled) for (const pair of pairs) connect(pair);
      stalled = false;
      server ??= await listen(boundPort);
    },
    close: stopListening,
  };
}
