// Keeps one process's calls to a provider under a number per sliding window. CoinGecko's keyless
// API shares a low per-IP limit, and every call counts (errors too), so Top Coins spaces its own
// calls out rather than spending the allowance on 429s. It logs nothing: the caller knows why it
// waited, and a wait is normal operation, not an event.
import { setTimeout as delay } from "node:timers/promises";

export interface CallLimiter {
  /**
   * Resolves when a call may start now, and counts that call. Callers are served in the order they
   * asked. Rejects with the signal's reason when it aborts first; an aborted caller takes no slot.
   */
  acquire(signal?: AbortSignal): Promise<void>;
}

export interface CallLimiterOptions {
  /** Calls allowed in any window of `windowMs` (a positive integer). */
  maxCalls: number;
  /** The window's length in milliseconds, e.g. 60_000 for "a minute". */
  windowMs: number;
  /** The clock, in ms; injectable for tests. */
  now?: () => number;
  /** Waits ms or rejects when the signal aborts; injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal });
}

/** Rejects as soon as the signal aborts, whatever the promise is still waiting for. */
function untilAborted(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return promise;
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

export function createCallLimiter(options: CallLimiterOptions): CallLimiter {
  const { maxCalls, windowMs } = options;
  if (!Number.isInteger(maxCalls) || maxCalls < 1) {
    throw new RangeError(`a call limiter needs a positive whole number of calls, got ${maxCalls}`);
  }
  if (!Number.isFinite(windowMs) || windowMs <= 0) {
    throw new RangeError(`a call limiter needs a positive window, got ${windowMs} ms`);
  }
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  // Start times of the calls granted within the last window, oldest first.
  const granted: number[] = [];
  // Each caller waits for the one before it, so a burst of callers is served in order.
  let queue: Promise<void> = Promise.resolve();

  async function takeSlot(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const at = now();
      // A call at t no longer counts from t + windowMs on: no window of that length holds both.
      while (granted.length > 0 && (granted[0] ?? at) + windowMs <= at) granted.shift();
      const oldest = granted[0];
      if (granted.length < maxCalls || oldest === undefined) {
        granted.push(at);
        return;
      }
      await sleep(oldest + windowMs - at, signal);
    }
  }

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const turn = queue.then(() => takeSlot(signal));
      // The next caller waits for this turn to end, however it ends.
      queue = turn.catch(() => undefined);
      return untilAborted(turn, signal);
    },
  };
}
