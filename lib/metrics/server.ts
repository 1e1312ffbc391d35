// A service's /metrics endpoint: a bare node:http server on METRICS_PORT, nothing else on it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRegistry, renderMetrics } from "./registry";

export interface MetricsServer {
  /** The port it listens on (the one asked for, or the system's pick for 0). */
  port: number;
  close(): Promise<void>;
}

/** Listens on `port` (all interfaces unless `host` is given); rejects when the port cannot be bound. */
export async function startMetricsServer(port: number, host?: string): Promise<MetricsServer> {
  // The registry (and the default process metrics) from the start, not from the first scrape.
  getRegistry();
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found: try /metrics\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end("GET only\n");
      return;
    }
    renderMetrics().then(
      ({ contentType, body }) => {
        res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : body);
      },
      (error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`metrics failed: ${String(error)}\n`);
      },
    );
  });
  await listen(server, port, host);
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        // A scraper's keep-alive connection must not hold the service's shutdown.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
