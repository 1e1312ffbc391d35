// The one JSON-fetch helper for every upstream: timeout, body cap, typed errors, retry with backoff
// on transient failures only, Retry-After, and one shared in-flight request per identical call.
import { setTimeout as delay } from "node:timers/promises";
import { UpstreamError } from "./errors";
import { observedAttempt } from "./observed-attempt";
import { backoffDelayMs, DEFAULT_MAX_RETRY_WAIT_MS } from "./retry-policy";

export interface ClassifyInput {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface AttemptInfo {
  attempt: number;
  durationMs: number;
  status?: number;
  error?: UpstreamError;
}

export interface FetchJsonRequest {
  provider: string;
  /** A short label for errors and logs ("listings/latest"), never the URL. */
  endpoint: string;
  url: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Extra attempts after the first one, for retryable errors only. */
  retries: number;
  maxBodyBytes: number;
  /** Provider-specific reading of a parsed body; null means "no error here". */
  classify: (response: ClassifyInput) => UpstreamError | null;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  maxRetryWaitMs?: number;
  onAttempt?: (info: AttemptInfo) => void;
}

export interface FetchJsonResult {
  body: unknown;
  status: number;
  headers: Headers;
  attempts: number;
}

/** The knobs a provider client passes through unchanged. */
export type HttpTuning = Pick<
  FetchJsonRequest,
  "timeoutMs" | "retries" | "maxBodyBytes" | "signal" | "sleep" | "random" | "maxRetryWaitMs" | "onAttempt"
>;

export function pickHttpTuning(options: HttpTuning): HttpTuning {
  const { timeoutMs, retries, maxBodyBytes, signal, sleep, random, maxRetryWaitMs, onAttempt } = options;
  return { timeoutMs, retries, maxBodyBytes, signal, sleep, random, maxRetryWaitMs, onAttempt };
}

interface Flight {
  promise: Promise<FetchJsonResult>;
  controller: AbortController;
  waiters: number;
}

// Keyed by URL and headers: the same request with another key is a different answer.
const inFlight = new Map<string, Flight>();

/**
 * Fetches and parses one JSON body. Identical concurrent calls share one upstream request; the
 * first caller's settings (timeout, retries, classify) govern it. A caller whose signal aborts
 * leaves alone; the shared request is cancelled only when every caller has left.
 */
export function fetchJson(request: FetchJsonRequest): Promise<FetchJsonResult> {
  const key = flightKey(request.url, request.headers);
  let flight = inFlight.get(key);
  if (flight === undefined) {
    const controller = new AbortController();
    const started: Flight = {
      controller,
      waiters: 0,
      promise: runWithRetries({ ...request, signal: controller.signal }).finally(() => {
        if (inFlight.get(key) === started) inFlight.delete(key);
      }),
    };
    flight = started;
    inFlight.set(key, flight);
  }
  return joinFlight(key, flight, request);
}

function joinFlight(key: string, flight: Flight, request: FetchJsonRequest): Promise<FetchJsonResult> {
  const { signal } = request;
  flight.waiters += 1;
  return new Promise<FetchJsonResult>((resolve, reject) => {
    const leave = () => {
      flight.waiters -= 1;
      if (flight.waiters === 0) {
        if (inFlight.get(key) === flight) inFlight.delete(key);
        flight.controller.abort();
      }
      reject(callerAborted(request));
    };
    if (signal?.aborted) {
      leave();
      // Still observe the shared promise so its rejection is never reported as unhandled.
      flight.promise.catch(() => undefined);
      return;
    }
    signal?.addEventListener("abort", leave, { once: true });
    flight.promise.then(resolve, reject).finally(() => signal?.removeEventListener("abort", leave));
  });
}

async function runWithRetries(request: FetchJsonRequest & { signal: AbortSignal }): Promise<FetchJsonResult> {
  const sleep = request.sleep ?? defaultSleep;
  const random = request.random ?? Math.random;
  const maxWait = request.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;
  const secrets = secretsOf(request);
  for (let attempt = 1; ; attempt += 1) {
    try {
      const result = await observedAttempt(request, attempt, secrets);
      return { ...result, attempts: attempt };
    } catch (error) {
      // Anything else is a bug in our own code (a throwing classifier): let it surface as-is. An
      // UpstreamError arrives redacted, with `attempts` set.
      if (!(error instanceof UpstreamError)) throw error;
      if (!error.retryable || attempt > request.retries || request.signal.aborted) throw error;
      // A provider-mandated wait longer than we may block is handed to the caller via retryAfterMs.
      if (error.retryAfterMs !== undefined && error.retryAfterMs > maxWait) throw error;
      const waitMs = error.retryAfterMs ?? Math.min(backoffDelayMs(attempt - 1, random), maxWait);
      try {
        await sleep(waitMs, request.signal);
      } catch {
        throw error;
      }
      if (request.signal.aborted) throw error;
    }
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal });
}

function flightKey(url: string, headers: Record<string, string> | undefined): string {
  const entries = Object.entries(headers ?? {})
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([url, entries]);
}

// Header values that authenticate, plus key-like query values, must never reach a message.
function secretsOf(request: FetchJsonRequest): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (/key|auth|token|secret|cookie/i.test(name)) {
      secrets.push(value, ...value.split(/\s+/).filter((part) => part.length >= 8));
    }
  }
  try {
    for (const [name, value] of new URL(request.url).searchParams) {
      if (/key|token|secret|sig/i.test(name)) secrets.push(value);
    }
  } catch {
    // An unparsable URL fails in fetch itself with its own error.
  }
  return secrets;
}

function callerAborted(request: FetchJsonRequest): UpstreamError {
  return new UpstreamError({
    kind: "unavailable",
    provider: request.provider,
    endpoint: request.endpoint,
    message: "request aborted by caller",
  });
}
