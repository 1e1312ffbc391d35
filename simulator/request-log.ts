/**
 * Counts and a short history of data requests, so tests can assert how often a client called
 * (retries, credit use, cache hits) without instrumenting the client.
 */
import type { ServerResponse } from "node:http";

export const KNOWN_ENDPOINTS = ["coinmarketcap.listings", "cryptocompare.toplist", "cryptocompare.history"] as const;
const RECENT_LIMIT = 500;

export interface RequestRecord {
  at: string;
  target: string;
  path: string;
  /** HTTP status sent; 0 while pending or when no response was sent (hang, reset). */
  status: number;
}

export class RequestLog {
  private counts: Record<string, number> = {};
  private recent: RequestRecord[] = [];

  constructor() {
    this.reset();
  }

  reset(): void {
    this.counts = Object.fromEntries(KNOWN_ENDPOINTS.map((name) => [name, 0]));
    this.recent = [];
  }

  /** Records a request now and fills in its status once the response is finished or abandoned. */
  track(target: string, path: string, nowMs: number, res: ServerResponse): void {
    this.counts[target] = (this.counts[target] ?? 0) + 1;
    const record: RequestRecord = { at: new Date(nowMs).toISOString(), target, path, status: 0 };
    this.recent.push(record);
    if (this.recent.length > RECENT_LIMIT) this.recent.splice(0, this.recent.length - RECENT_LIMIT);
    res.on("close", () => {
      record.status = res.headersSent ? res.statusCode : 0;
    });
  }

  snapshot() {
    return { counts: { ...this.counts }, recent: this.recent.map((record) => ({ ...record })) };
  }
}
