/**
 * Fault injection state. Faults are kept in the order they were added; a data request takes the
 * first fault matching its provider (and, when the fault names one, its endpoint), so
 * "rate_limit ×2, then status 500 ×1" plays out in order. A fault with `times` clears itself after
 * that many requests; without it, it stays until cleared.
 */
import { z } from "zod";
import type { Provider } from "./http";

export const FAULT_MODES = [
  "status",
  "error_code",
  "error_body_200",
  "delay",
  "hang",
  "reset",
  "malformed",
  "truncated",
  "rate_limit",
  "html",
  "empty",
  "wrong_types",
  "duplicate_ids",
  "oversize",
] as const;

/** One target per simulated provider, plus `all`. */
export const FAULT_TARGETS = ["coinmarketcap", "cryptocompare", "coingecko", "all"] as const;

/**
 * The endpoints of each provider, as the request log names them (`coinmarketcap.map` → "map").
 * A fault with an `endpoint` applies to that endpoint only; without one, to every data endpoint.
 */
export const FAULT_ENDPOINTS: Record<Provider, readonly string[]> = {
  coinmarketcap: ["listings", "map", "quotes", "key_info"],
  cryptocompare: ["toplist", "history", "coinlist"],
  coingecko: ["markets", "coins_list", "market_chart", "exchange_rates"],
};
const ALL_ENDPOINTS = [...new Set(Object.values(FAULT_ENDPOINTS).flat())] as [string, ...string[]];

export const faultSpecSchema = z
  .strictObject({
    target: z.enum(FAULT_TARGETS),
    /** Only this endpoint of the target (e.g. "quotes" of coinmarketcap); absent = all of them. */
    endpoint: z.enum(ALL_ENDPOINTS).optional(),
    mode: z.enum(FAULT_MODES),
    status: z.int().min(100).max(599).optional(),
    delayMs: z.int().min(0).max(600_000).optional(),
    /** Retry-After as delta-seconds, or "http-date": an HTTP-date 60 s after the simulator's clock. */
    retryAfter: z.union([z.int().min(0), z.literal("http-date")]).optional(),
    /** Retry-After as an HTTP-date this many seconds after the simulator's clock (instead of `retryAfter`). */
    retryAfterDate: z
      .int()
      .min(0)
      .max(86_400 * 366)
      .optional(),
    errorCode: z.int().optional(),
    ccType: z.int().optional(),
    times: z.int().min(1).optional(),
  })
  .refine((spec) => spec.retryAfter === undefined || spec.retryAfterDate === undefined, {
    message: "give retryAfter or retryAfterDate, not both",
    path: ["retryAfterDate"],
  })
  .refine(
    (spec) =>
      spec.endpoint === undefined || spec.target === "all" || FAULT_ENDPOINTS[spec.target].includes(spec.endpoint),
    { message: "that endpoint does not belong to the target", path: ["endpoint"] },
  );

export type FaultSpec = z.infer<typeof faultSpecSchema>;
export type FaultMode = FaultSpec["mode"];
export type FaultTarget = FaultSpec["target"];

export interface Fault extends FaultSpec {
  id: number;
  /** Requests this fault still applies to; null = until cleared. */
  remaining: number | null;
  /** Requests it has been applied to so far. */
  applied: number;
}

export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.nextId++, remaining: spec.times ?? null, applied: 0 };
    this.faults.push(fault);
    return fault;
  }

  /** Clears the faults of one target (`all` or no target clears everything); returns how many. */
  clear(target?: FaultTarget): number {
    const before = this.faults.length;
    this.faults = target === undefined || target === "all" ? [] : this.faults.filter((f) => f.target !== target);
    return before - this.faults.length;
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** The fault for this request, counting it against `times`; null when none applies. */
  take(provider: Provider, endpoint?: string): Fault | null {
    const fault = this.faults.find(
      (f) => (f.target === provider || f.target === "all") && (f.endpoint === undefined || f.endpoint === endpoint),
    );
    if (!fault) return null;
    fault.applied += 1;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return { ...fault };
  }
}
