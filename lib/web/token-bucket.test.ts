// The per-client token bucket on a fake clock: the burst, the refill, the waits it reports, one
// bucket per client, and bounded memory.
import { describe, expect, it } from "vitest";
import { RateLimiter, refillSeconds } from "./token-bucket";

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("RateLimiter", () => {
  it("allows a burst, then refuses with the wait until the next token, and refills at the rate", () => {
    const clock = fakeClock();
    // 60 a minute: one token a second, 3 at once.
    const limiter = new RateLimiter({ perMinute: 60, burst: 3, now: clock.now });
    expect([1, 2, 3].map(() => limiter.take("a"))).toEqual([
      { allowed: true, remaining: 2, waitSeconds: 1 },
      { allowed: true, remaining: 1, waitSeconds: 1 },
      { allowed: true, remaining: 0, waitSeconds: 1 },
    ]);
    expect(limiter.take("a")).toEqual({ allowed: false, remaining: 0, waitSeconds: 1 });
    clock.advance(400);
    // Refused requests take nothing: 0.4 of a token now, 0.6 s to go (rounded up to a second).
    expect(limiter.take("a")).toEqual({ allowed: false, remaining: 0, waitSeconds: 1 });
    clock.advance(650);
    expect(limiter.take("a")).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take("a").allowed).toBe(false);
    // After long enough the bucket is full again, and never fuller than the burst.
    clock.advance(3_600_000);
    expect(limiter.take("a")).toEqual({ allowed: true, remaining: 2, waitSeconds: 1 });
  });

  it("gives the wait in whole seconds, rounded up, at slow rates and between tokens", () => {
    const clock = fakeClock();
    const slow = new RateLimiter({ perMinute: 6, burst: 1, now: clock.now });
    expect(slow.take("a")).toEqual({ allowed: true, remaining: 0, waitSeconds: 10 });
    expect(slow.take("a")).toEqual({ allowed: false, remaining: 0, waitSeconds: 10 });
    clock.advance(7_500);
    expect(slow.take("a")).toEqual({ allowed: false, remaining: 0, waitSeconds: 3 });
    // Half a token spare: one whole request left, and the next one half a token (10 s) away.
    const fast = new RateLimiter({ perMinute: 6, burst: 5, now: clock.now });
    for (let i = 0; i < 5; i++) fast.take("b");
    clock.advance(25_000);
    expect(fast.take("b")).toEqual({ allowed: true, remaining: 1, waitSeconds: 5 });
  });

  it("keeps one bucket per client", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perMinute: 60, burst: 1, now: clock.now });
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
    expect(limiter.take("b").allowed).toBe(true);
  });

  it("forgets clients whose bucket has refilled, so idle clients cost no memory", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perMinute: 60, burst: 5, now: clock.now });
    for (let i = 0; i < 1000; i++) limiter.take(`client-${i}`);
    expect(limiter.size).toBe(1000);
    // One token each was taken: a second later every bucket is full, and the next call sweeps them.
    clock.advance(1000);
    limiter.take("late");
    expect(limiter.size).toBe(1);
  });

  it("never holds more than maxClients buckets; the least recently seen goes first", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ perMinute: 1, burst: 1, maxClients: 100, now: clock.now });
    for (let i = 0; i < 500; i++) {
      limiter.take(`client-${i}`);
      clock.advance(1);
    }
    expect(limiter.size).toBe(100);
    // client-499 is remembered (still refused), client-0 was forgotten (a fresh bucket).
    expect(limiter.take("client-499").allowed).toBe(false);
    expect(limiter.take("client-0").allowed).toBe(true);
  });

  it("refuses a zero rate or burst: off is the absence of a limiter", () => {
    expect(() => new RateLimiter({ perMinute: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ perMinute: 1, burst: 0 })).toThrow(RangeError);
  });
});

describe("refillSeconds", () => {
  it("is the time an empty bucket takes to fill, rounded up, at least a second", () => {
    expect(refillSeconds({ perMinute: 60, burst: 5 })).toBe(5);
    expect(refillSeconds({ perMinute: 120, burst: 60 })).toBe(30);
    expect(refillSeconds({ perMinute: 7, burst: 100 })).toBe(858);
    expect(refillSeconds({ perMinute: 1_000_000, burst: 1 })).toBe(1);
  });
});
