import { describe, expect, it } from "vitest";
import { UpstreamError, type UpstreamErrorKind } from "@/lib/http/errors";
import { createLogger } from "@/lib/log";
import { type Candidate, FailoverSource, failsOverAtOnce } from "./failover";

const logger = createLogger("failover-test", "silent");
const signal = new AbortController().signal;

function upstream(provider: string, kind: UpstreamErrorKind, retryAfterMs?: number): UpstreamError {
  return new UpstreamError({ kind, provider, endpoint: "list", message: `${kind} failure`, retryAfterMs });
}

/** A provider whose next answers are scripted: a value, or an error to throw. */
class Scripted implements Candidate<string> {
  readonly calls: number[] = [];
  private script: (string | Error)[] = [];
  constructor(
    readonly provider: string,
    private readonly clock: { ms: number },
    private fallbackAnswer: string | Error = `${provider}-data`,
  ) {}
  answers(...answers: (string | Error)[]): this {
    this.script.push(...answers);
    return this;
  }
  always(answer: string | Error): this {
    this.fallbackAnswer = answer;
    return this;
  }
  async fetch(): Promise<string> {
    this.calls.push(this.clock.ms);
    const answer = this.script.shift() ?? this.fallbackAnswer;
    if (answer instanceof Error) throw answer;
    return answer;
  }
}

function setup(options: { afterFailures?: number; probeMs?: number } = {}) {
  const clock = { ms: Date.parse("2026-11-28T10:00:00Z") };
  const primary = new Scripted("coinmarketcap", clock);
  const fallback = new Scripted("coingecko", clock);
  const source = new FailoverSource([primary, fallback], {
    role: "pricing",
    primaryMode: "configured",
    primaryReason: null,
    afterFailures: options.afterFailures ?? 3,
    probeMs: options.probeMs ?? 300_000,
    logger,
    now: () => new Date(clock.ms),
  });
  return { clock, primary, fallback, source };
}

describe("failsOverAtOnce", () => {
  it("moves at once on auth and quota only", () => {
    expect(failsOverAtOnce(upstream("x", "auth"))).toBe(true);
    expect(failsOverAtOnce(upstream("x", "quota"))).toBe(true);
    expect(failsOverAtOnce(upstream("x", "unavailable"))).toBe(false);
    expect(failsOverAtOnce(upstream("x", "rate_limited"))).toBe(false);
    expect(failsOverAtOnce(upstream("x", "bad_response"))).toBe(false);
    expect(failsOverAtOnce(new Error("bug"))).toBe(false);
  });
});

describe("FailoverSource", () => {
  it("serves from the primary while it answers, never calling the fallback", async () => {
    const { primary, fallback, source } = setup();
    const first = await source.fetch(signal);
    expect(first.outcome).toBe("coinmarketcap-data");
    expect(first.selection).toMatchObject({ primary: "coinmarketcap", mode: "configured", reason: null });
    await source.fetch(signal);
    expect(primary.calls).toHaveLength(2);
    expect(fallback.calls).toHaveLength(0);
  });

  it.each(["auth", "quota"] as const)("fails over on %s in the same fetch", async (kind) => {
    const { primary, fallback, source, clock } = setup();
    primary.always(upstream("coinmarketcap", kind));
    const result = await source.fetch(signal);
    expect(result.outcome).toBe("coingecko-data");
    expect(source.active).toBe("coingecko");
    expect(result.selection).toEqual({
      primary: "coinmarketcap",
      mode: "failover",
      reason: `coinmarketcap failed (${kind}: coinmarketcap list: ${kind} failure); coingecko serves the pricing until coinmarketcap answers again (next try 10:05 UTC)`,
      since: new Date(clock.ms),
    });
    expect(primary.calls).toHaveLength(1);
    expect(fallback.calls).toHaveLength(1);
  });

  it("fails over after FAILOVER_AFTER_FAILURES transient failures in a row, not before", async () => {
    const { primary, fallback, source } = setup({ afterFailures: 3 });
    primary.answers(upstream("coinmarketcap", "unavailable"), upstream("coinmarketcap", "rate_limited"));
    primary.answers(upstream("coinmarketcap", "bad_response"));
    await expect(source.fetch(signal)).rejects.toMatchObject({ kind: "unavailable" });
    await expect(source.fetch(signal)).rejects.toMatchObject({ kind: "rate_limited" });
    expect(fallback.calls).toHaveLength(0);
    const third = await source.fetch(signal);
    expect(third.outcome).toBe("coingecko-data");
    expect(third.selection.reason).toMatch(/^coinmarketcap failed \(3 failures in a row, the last bad_response: /);
  });

  it("a success in between starts the count again", async () => {
    const { primary, fallback, source } = setup({ afterFailures: 2 });
    primary.answers(upstream("coinmarketcap", "unavailable"), "ok-1", upstream("coinmarketcap", "unavailable"), "ok-2");
    await expect(source.fetch(signal)).rejects.toThrow();
    expect((await source.fetch(signal)).outcome).toBe("ok-1");
    await expect(source.fetch(signal)).rejects.toThrow();
    expect((await source.fetch(signal)).outcome).toBe("ok-2");
    expect(fallback.calls).toHaveLength(0);
  });

  it("probes the primary every probe period and returns to it once it answers", async () => {
    const { primary, fallback, source, clock } = setup({ probeMs: 60_000 });
    primary.answers(upstream("coinmarketcap", "auth"));
    await source.fetch(signal);
    expect(source.active).toBe("coingecko");
    // Before the probe is due only the fallback is called.
    clock.ms += 30_000;
    expect((await source.fetch(signal)).outcome).toBe("coingecko-data");
    expect(primary.calls).toHaveLength(1);
    // Due, but the primary still fails: stay on the fallback and try again a period later.
    clock.ms += 30_000;
    primary.answers(upstream("coinmarketcap", "auth"));
    expect((await source.fetch(signal)).outcome).toBe("coingecko-data");
    expect(primary.calls).toHaveLength(2);
    expect(source.nextProbeAt).toEqual(new Date(clock.ms + 60_000));
    // Due again, and the primary answers: its data is served and the role is back.
    clock.ms += 60_000;
    const back = await source.fetch(signal);
    expect(back.outcome).toBe("coinmarketcap-data");
    expect(back.selection).toEqual({
      primary: "coinmarketcap",
      mode: "configured",
      reason: "coinmarketcap answers again; coingecko served the pricing for 2 min while it failed",
      since: new Date(clock.ms),
    });
    expect(source.active).toBe("coinmarketcap");
    expect(source.nextProbeAt).toBeNull();
    expect(fallback.calls).toHaveLength(3);
  });

  it("waits for the primary's own reset (a spent daily quota) before probing it", async () => {
    const { primary, source, clock } = setup({ probeMs: 60_000 });
    const untilMidnight = 14 * 3_600_000;
    primary.answers(upstream("coinmarketcap", "quota", untilMidnight));
    const result = await source.fetch(signal);
    expect(result.selection.reason).toContain("(next try 00:00 UTC)");
    clock.ms += 60 * 60_000;
    await source.fetch(signal);
    expect(primary.calls).toHaveLength(1);
    clock.ms += untilMidnight;
    expect((await source.fetch(signal)).outcome).toBe("coinmarketcap-data");
  });

  it("walks down the fallback list, and throws the last error when nobody answers", async () => {
    const clock = { ms: Date.parse("2026-11-28T10:00:00Z") };
    const primary = new Scripted("cryptocompare", clock).always(upstream("cryptocompare", "auth"));
    const second = new Scripted("coingecko", clock).always(upstream("coingecko", "quota"));
    const third = new Scripted("coinmarketcap", clock);
    const source = new FailoverSource([primary, second, third], {
      role: "ranking",
      primaryMode: "configured",
      primaryReason: null,
      afterFailures: 3,
      probeMs: 300_000,
      logger,
      now: () => new Date(clock.ms),
    });
    const result = await source.fetch(signal);
    expect(result.outcome).toBe("coinmarketcap-data");
    expect(result.selection.reason).toMatch(
      /^coingecko failed \(quota: .*\); coinmarketcap serves the ranking until cryptocompare answers again/,
    );
    third.always(upstream("coinmarketcap", "auth"));
    await expect(source.fetch(signal)).rejects.toMatchObject({ provider: "coinmarketcap", kind: "auth" });
    expect(source.active).toBe("coinmarketcap");
  });

  it("without fallbacks it throws as the primary fails, and says why a keyless primary serves", async () => {
    const clock = { ms: 0 };
    const only = new Scripted("coingecko", clock).answers(upstream("coingecko", "auth"));
    const source = new FailoverSource([only], {
      role: "ranking",
      primaryMode: "keyless_default",
      primaryReason: "CRYPTOCOMPARE_API_KEY is not set",
      afterFailures: 1,
      probeMs: 1000,
      logger,
      now: () => new Date(clock.ms),
    });
    await expect(source.fetch(signal)).rejects.toMatchObject({ kind: "auth" });
    const next = await source.fetch(signal);
    expect(next.selection).toMatchObject({ mode: "keyless_default", reason: "CRYPTOCOMPARE_API_KEY is not set" });
    const options = {
      role: "ranking",
      primaryMode: "configured",
      primaryReason: null,
      afterFailures: 1,
      probeMs: 1,
      logger,
    } as const;
    expect(() => new FailoverSource([], options)).toThrow(RangeError);
  });
});
