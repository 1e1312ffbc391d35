// PostgreSQL's change signal for readers: one dedicated connection LISTENs on the store's channel
// and calls back on every committed change. A dropped connection is opened again with backoff;
// every (re)connect calls back too, since changes made while it was down were not heard.
import pg from "pg";
import { STORE_CHANGE_CHANNEL } from "./sources";
import { DEFAULT_STORE_TIMEOUTS, postgresTimeoutOptions, type StoreTimeouts } from "./timeouts";

export interface ChangeListenerHandlers {
  /** A role's state changed (a snapshot, a check or an error was committed). */
  onChange(role: string): void;
  /** Listening (again): whatever changed meanwhile was not signalled. */
  onListening(): void;
  onError(error: Error, retryInMs: number): void;
}

export interface ChangeListener {
  close(): Promise<void>;
}

const MAX_BACKOFF_MS = 10_000;

export function listenForStoreChanges(
  url: string,
  handlers: ChangeListenerHandlers,
  options: { firstRetryMs?: number; timeouts?: StoreTimeouts } = {},
): ChangeListener {
  const firstRetryMs = options.firstRetryMs ?? 250;
  // The store's own bounds: a connect or LISTEN that a partition swallows fails and is retried,
  // and keepalive finds a listening connection whose server went away.
  const bounds = postgresTimeoutOptions(url, options.timeouts ?? DEFAULT_STORE_TIMEOUTS);
  let client: pg.Client | null = null;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;

  const retry = (error: Error) => {
    if (closed || timer) return;
    const waitMs = Math.min(MAX_BACKOFF_MS, firstRetryMs * 2 ** failures);
    failures++;
    handlers.onError(error, waitMs);
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, waitMs);
    timer.unref();
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString: url, ...bounds });
    client = next;
    // Errors and ends after the connection was up: drop this client and connect a new one.
    next.on("error", (error) => {
      void next.end().catch(() => undefined);
      retry(error);
    });
    next.on("end", () => {
      if (client === next) retry(new Error("the listening connection closed"));
    });
    next.on("notification", (message) => {
      if (message.channel === STORE_CHANGE_CHANNEL) handlers.onChange(message.payload ?? "");
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${STORE_CHANGE_CHANNEL}`);
      if (closed) return void (await next.end());
      failures = 0;
      handlers.onListening();
    } catch (error) {
      void next.end().catch(() => undefined);
      retry(error instanceof Error ? error : new Error(String(error)));
    }
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
