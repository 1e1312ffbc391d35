// The fault matrix: every provider in the role it normally plays (CoinMarketCap pricing,
// CryptoCompare ranking, CoinGecko both), each fault switched on at the in-process simulator, one
// cycle of the real service loop over the real jobs and a real SQLite store. Each row checks
// retries and the chosen wait, the stored snapshot, the API's view and its stale flag, the one log
// line and the metrics, and the recovery once the fault is off. docs/RELIABILITY.md is this table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderName } from "@/lib/config";
import type { SourceRole } from "@/lib/domain/types";
import type { UpstreamErrorKind } from "@/lib/http/errors";
import { msUntilNextUtcMidnight, msUntilNextUtcMonth } from "@/lib/providers/shared/reset-times";
import { readLatestPriceSnapshot, readLatestRankingSnapshot } from "@/lib/store";
import type { FaultSpec } from "@/simulator/faults";
import {
  type CycleRun,
  INTERVAL_MS,
  type MatrixHarness,
  METRIC_ENDPOINT,
  metricValue,
  SIM_ENDPOINT,
  STALE_AFTER_MS,
  startHarness,
} from "../../support/fault-matrix";

/** The loop's wait after one failure: an exact value, a [min, max] range, or a quota reset. */
type WaitRule = number | readonly [number, number] | "utc-midnight" | "utc-month";

interface FailureCase {
  name: string;
  fault: Omit<FaultSpec, "target">;
  kind: UpstreamErrorKind;
  /** HTTP requests the simulator sees in the failing cycle (HTTP_RETRIES=1: 2 = retried once). */
  requests: number;
  wait: WaitRule;
  /**
   * The outcome label the attempts are counted under in topcoins_upstream_requests_total. A body
   * that parses as JSON but fails validation (or is empty) is rejected after the attempt was
   * counted, so its request counts as "ok": see "Known gaps" in docs/RELIABILITY.md.
   */
  requestOutcome?: "ok";
  /** Variables for this case's job (a short timeout for the hang, a small body cap). */
  env?: Record<string, string>;
  /** The least the failing cycle takes: a Retry-After slept on inside the fetch. */
  minDurationMs?: number;
  /** The simulator's clock follows the real one, so its HTTP-date lies in the client's future. */
  realSimulatorClock?: boolean;
}

type MatrixCase = FailureCase;

const HANG_TIMEOUT_MS = 500;

/** Faults every provider answers alike. */
const transport: FailureCase[] = [
  { name: "HTTP 500", fault: { mode: "status", status: 500 }, kind: "unavailable", requests: 2, wait: INTERVAL_MS },
  { name: "HTTP 502", fault: { mode: "status", status: 502 }, kind: "unavailable", requests: 2, wait: INTERVAL_MS },
  { name: "HTTP 503", fault: { mode: "status", status: 503 }, kind: "unavailable", requests: 2, wait: INTERVAL_MS },
  {
    name: "a hang past the timeout",
    fault: { mode: "hang" },
    kind: "unavailable",
    requests: 2,
    wait: INTERVAL_MS,
    env: { HTTP_TIMEOUT_MS: String(HANG_TIMEOUT_MS) },
    minDurationMs: 2 * HANG_TIMEOUT_MS,
  },
  { name: "a connection reset", fault: { mode: "reset" }, kind: "unavailable", requests: 2, wait: INTERVAL_MS },
];

/** A 429 whose Retry-After (120 s, past the 30 s fetchJson may sleep) is handed to the loop. */
const retryAfter: FailureCase[] = [
  {
    name: "429 with Retry-After: 120 (seconds)",
    fault: { mode: "rate_limit", retryAfter: 120 },
    kind: "rate_limited",
    requests: 1,
    wait: 120_000,
  },
  {
    name: "429 with Retry-After as an HTTP-date 120 s ahead",
    fault: { mode: "rate_limit", retryAfterDate: 120 },
    kind: "rate_limited",
    requests: 1,
    // The date has whole seconds and the cycle takes a few ms: just under 120 s.
    wait: [118_000, 120_000],
    realSimulatorClock: true,
  },
];

/** Bodies that are not a usable answer. */
const bodies = (errorBody200: FailureCase): MatrixCase[] => [
  errorBody200,
  { name: "malformed JSON", fault: { mode: "malformed" }, kind: "bad_response", requests: 1, wait: INTERVAL_MS },
  { name: "a truncated body", fault: { mode: "truncated" }, kind: "bad_response", requests: 1, wait: INTERVAL_MS },
  {
    name: "wrong types (prices as strings)",
    fault: { mode: "wrong_types" },
    kind: "bad_response",
    requests: 1,
    wait: INTERVAL_MS,
    requestOutcome: "ok",
  },
  {
    name: "an empty list",
    fault: { mode: "empty" },
    kind: "bad_response",
    requests: 1,
    wait: INTERVAL_MS,
    requestOutcome: "ok",
  },
  {
    // One answer that names a coin twice contradicts itself: refused, the snapshot stays.
    name: "duplicate ids",
    fault: { mode: "duplicate_ids" },
    kind: "bad_response",
    requests: 1,
    wait: INTERVAL_MS,
    requestOutcome: "ok",
  },
  {
    name: "a body over the size cap",
    fault: { mode: "oversize" },
    kind: "bad_response",
    requests: 1,
    wait: INTERVAL_MS,
    env: { HTTP_MAX_BODY_BYTES: String(1024 * 1024) },
  },
  {
    name: "a Cloudflare HTML page (503)",
    fault: { mode: "html" },
    kind: "unavailable",
    requests: 2,
    wait: INTERVAL_MS,
  },
];

const cmcCode = (code: number, kind: UpstreamErrorKind, requests: number, wait: WaitRule): FailureCase => ({
  name: `error ${code}`,
  fault: { mode: "error_code", errorCode: code },
  kind,
  requests,
  wait,
});

const coinMarketCap: MatrixCase[] = [
  ...transport,
  // Error 1008 on the body names its own 60 s window; the header's 120 s is longer and wins.
  ...retryAfter,
  cmcCode(1001, "auth", 1, INTERVAL_MS),
  cmcCode(1002, "auth", 1, INTERVAL_MS),
  cmcCode(1008, "rate_limited", 1, 60_000),
  cmcCode(1009, "quota", 1, "utc-midnight"),
  cmcCode(1010, "quota", 1, "utc-month"),
  cmcCode(1011, "rate_limited", 2, INTERVAL_MS),
  ...bodies({
    name: "HTTP 200 carrying error 1006",
    fault: { mode: "error_body_200", errorCode: 1006 },
    kind: "auth",
    requests: 1,
    wait: INTERVAL_MS,
  }),
];

const ccType = (type: number, kind: UpstreamErrorKind, requests: number, extra: Partial<FailureCase> = {}) => ({
  name: `Type ${type} (on HTTP 200)`,
  fault: { mode: "error_code", ccType: type } as const,
  kind,
  requests,
  wait: INTERVAL_MS,
  ...extra,
});

const cryptoCompare: MatrixCase[] = [
  ...transport,
  ...retryAfter,
  // The body's counters say the per-second window is spent: fetchJson sleeps 1 s and retries.
  ccType(99, "rate_limited", 2, { minDurationMs: 1000 }),
  ccType(1, "auth", 1),
  ccType(2, "bad_response", 1),
  { name: "HTTP 401", fault: { mode: "status", status: 401 }, kind: "auth", requests: 1, wait: INTERVAL_MS },
  ...bodies({
    name: "HTTP 200 carrying Type 0 (path does not exist)",
    fault: { mode: "error_body_200", ccType: 0 },
    kind: "bad_response",
    requests: 1,
    wait: INTERVAL_MS,
  }),
];

const coinGecko: MatrixCase[] = [
  ...transport,
  ...retryAfter,
  {
    name: "429 without Retry-After",
    fault: { mode: "rate_limit" },
    kind: "rate_limited",
    requests: 2,
    wait: INTERVAL_MS,
  },
  {
    name: "429 with Retry-After: 1 (slept on inside the fetch)",
    fault: { mode: "rate_limit", retryAfter: 1 },
    kind: "rate_limited",
    requests: 2,
    wait: INTERVAL_MS,
    minDurationMs: 1000,
  },
  { name: "HTTP 401", fault: { mode: "status", status: 401 }, kind: "auth", requests: 1, wait: INTERVAL_MS },
  {
    name: "error 10010 (a key on the wrong host)",
    fault: { mode: "error_code", errorCode: 10010 },
    kind: "auth",
    requests: 1,
    wait: INTERVAL_MS,
  },
  ...bodies({
    name: "HTTP 200 carrying error 429",
    fault: { mode: "error_body_200", errorCode: 429 },
    kind: "rate_limited",
    requests: 2,
    wait: INTERVAL_MS,
  }),
];

interface ProviderUnderTest {
  provider: ProviderName;
  ranking: ProviderName;
  pricing: ProviderName;
  roles: SourceRole[];
  cases: MatrixCase[];
}

const MATRIX: ProviderUnderTest[] = [
  {
    provider: "coinmarketcap",
    ranking: "cryptocompare",
    pricing: "coinmarketcap",
    roles: ["pricing"],
    cases: coinMarketCap,
  },
  {
    provider: "cryptocompare",
    ranking: "cryptocompare",
    pricing: "coinmarketcap",
    roles: ["ranking"],
    cases: cryptoCompare,
  },
  {
    provider: "coingecko",
    ranking: "coingecko",
    pricing: "coingecko",
    roles: ["ranking", "pricing"],
    cases: coinGecko,
  },
];

function expectWait(retryInMs: number | undefined, rule: WaitRule, realBefore: number, realAfter: number): void {
  if (typeof rule === "number") {
    expect(retryInMs).toBe(rule);
    return;
  }
  // A quota reset is read from the real clock when the answer arrives, somewhere in the cycle.
  const [min, max] =
    rule === "utc-midnight"
      ? [msUntilNextUtcMidnight(new Date(realAfter)), msUntilNextUtcMidnight(new Date(realBefore))]
      : rule === "utc-month"
        ? [msUntilNextUtcMonth(new Date(realAfter)), msUntilNextUtcMonth(new Date(realBefore))]
        : rule;
  expect(retryInMs).toBeGreaterThanOrEqual(Math.max(min, INTERVAL_MS));
  expect(retryInMs).toBeLessThanOrEqual(Math.max(max, INTERVAL_MS));
}

const requestsTotal = (provider: ProviderName, outcome: string) =>
  metricValue("topcoins_upstream_requests_total", { provider, endpoint: METRIC_ENDPOINT[provider], outcome });
const invalidBodies = (provider: ProviderName) =>
  metricValue("topcoins_upstream_invalid_bodies_total", { provider, endpoint: METRIC_ENDPOINT[provider] });
const cyclesTotal = (role: SourceRole, outcome: string) =>
  metricValue("topcoins_service_cycles_total", { role, outcome });

/** The records of the role's latest snapshot, by provider id: what the API serves from. */
async function latestRecords(h: MatrixHarness, role: SourceRole) {
  const snapshot =
    role === "pricing" ? await readLatestPriceSnapshot(h.store.db) : await readLatestRankingSnapshot(h.store.db);
  if (!snapshot) throw new Error(`no ${role} snapshot`);
  const records: readonly { providerId: string; priceUsd: number | null }[] =
    "quotes" in snapshot ? snapshot.quotes : snapshot.entries;
  return { id: snapshot.id, records };
}

function expectNoKeys(h: MatrixHarness, lines: readonly unknown[]): void {
  const text = JSON.stringify(lines);
  for (const key of [h.sim.cmcKey, h.sim.cryptocompareKey]) expect(text).not.toContain(key);
}

/**
 * Each row starts from a source a clean cycle has just confirmed, whatever the row before it left
 * behind, so one failing row does not fail the rows after it.
 */
async function heal(h: MatrixHarness, role: SourceRole): Promise<void> {
  await h.reset();
  h.clock += STALE_AFTER_MS;
  const run = await h.cycle(h.job(role));
  expect(run.lines.filter((line) => line.level >= 40)).toEqual([]);
  await h.reset();
}

async function runFailure(h: MatrixHarness, provider: ProviderName, role: SourceRole, c: FailureCase) {
  const job = h.job(role, c.env);
  const before = await h.state(role);
  expect(before.lastError).toBeNull();
  const checkedAt = before.checkedAt?.getTime() ?? Number.NaN;
  const served = await h.viewAt(checkedAt);
  const snapshot = await latestRecords(h, role);
  const outcome = c.requestOutcome ?? c.kind;
  const counted = await requestsTotal(provider, outcome);
  const invalid = await invalidBodies(provider);
  const failedCycles = await cyclesTotal(role, "error");

  // The fault, one interval after the last good fetch.
  h.clock = checkedAt + INTERVAL_MS;
  await h.fault({ target: provider, ...c.fault });
  h.realSimulatorClock(c.realSimulatorClock === true);
  const realBefore = Date.now();
  let run: CycleRun;
  try {
    run = await h.cycle(job);
  } finally {
    h.realSimulatorClock(false);
  }
  const realAfter = Date.now();

  // Retries: what the simulator saw, and how long the cycle slept on a Retry-After.
  expect((await h.requests())[SIM_ENDPOINT[provider]]).toBe(c.requests);
  if (c.minDurationMs !== undefined) expect(run.durationMs).toBeGreaterThanOrEqual(c.minDurationMs - 5);

  // Logged once, with the kind and the wait, and without a key.
  const problems = run.lines.filter((line) => line.level >= 40);
  expect(problems).toHaveLength(1);
  const [line] = problems;
  expect(line).toMatchObject({ level: 50, event: "fetch", outcome: "error", failures: 1, err: { kind: c.kind } });
  expect(line?.msg).toMatch(new RegExp(`^${role} fetch failed: ${c.kind}: ${provider} `));
  expectWait(line?.retryInMs, c.wait, realBefore, realAfter);
  expect(run.sleptMs).toBeLessThanOrEqual(line?.retryInMs ?? 0);
  expectNoKeys(h, run.lines);

  // Counted: every attempt under its outcome, and the cycle as an error.
  expect((await requestsTotal(provider, outcome)) - counted).toBe(c.requests);
  // A body that arrived but failed its schema is counted as such.
  const invalidBody = c.fault.mode === "wrong_types" || c.fault.mode === "duplicate_ids";
  expect((await invalidBodies(provider)) - invalid).toBe(invalidBody ? 1 : 0);
  expect((await cyclesTotal(role, "error")) - failedCycles).toBe(1);

  // The stored snapshot is untouched; the error is on the source.
  expect(await latestRecords(h, role)).toEqual(snapshot);
  const failed = await h.state(role);
  expect(failed).toMatchObject({
    snapshotId: before.snapshotId,
    fetchedAt: before.fetchedAt,
    checkedAt: before.checkedAt,
  });
  expect(failed.lastError).toMatch(new RegExp(`^${c.kind}: ${provider} `));
  expect(failed.lastErrorAt?.getTime()).toBe(h.clock);

  // The API keeps serving the same rows, stale only once the limit has passed.
  const atLimit = await h.viewAt(checkedAt + STALE_AFTER_MS);
  expect(atLimit.merged.rows).toEqual(served.merged.rows);
  expect(atLimit.meta[role]).toMatchObject({
    snapshotId: before.snapshotId,
    stale: false,
    lastError: failed.lastError,
  });
  const past = await h.viewAt(checkedAt + STALE_AFTER_MS + 1000);
  expect(past.merged.rows).toEqual(served.merged.rows);
  expect(past.meta[role]).toMatchObject({ snapshotId: before.snapshotId, stale: true });

  // Recovery: the fault off, the next cycle confirms the same content by itself.
  await h.clearFaults();
  h.clock = checkedAt + STALE_AFTER_MS + 1000;
  const recovered = await h.cycle(job);
  expect(recovered.lines.filter((entry) => entry.level >= 40)).toEqual([]);
  expect(recovered.lines).toContainEqual(expect.objectContaining({ event: "fetch", outcome: "unchanged" }));
  const state = await h.state(role);
  expect(state).toMatchObject({ snapshotId: before.snapshotId, lastError: null });
  expect(state.checkedAt?.getTime()).toBe(h.clock);
  const fresh = await h.viewAt(h.clock);
  expect(fresh.meta[role]).toMatchObject({ stale: false, lastError: null });
  expect(fresh.merged.rows).toEqual(served.merged.rows);
}

for (const { provider, ranking, pricing, roles, cases } of MATRIX) {
  describe(`fault matrix: ${provider}`, () => {
    let h: MatrixHarness;
    beforeAll(async () => {
      h = await startHarness({ ranking, pricing });
    });
    afterAll(async () => {
      await h?.close();
    });

    for (const role of roles) {
      for (const c of cases) {
        it(`${role}: ${c.name}`, async () => {
          await heal(h, role);
          await runFailure(h, provider, role, c);
        });
      }
    }
  });
}
