// `npm run bench:merge`: the cost of what runs when a snapshot changes. The merge of a 1000-coin
// ranking with a 5000-quote price list, and the rebuild of the prepared /api/top bodies (JSON and
// CSV at the default limit). The baseline in the same run is a plain id-to-quote Map join of the
// same lists by symbol, the least any merge must do. Prints the table and appends it to BENCHMARKS.md.
import { cpus, totalmem } from "node:os";
import type { StoredLink } from "@/lib/domain/identity/registry";
import { mergeTop } from "@/lib/domain/merge";
import type { PriceQuote, RankingEntry } from "@/lib/domain/types";
import { renderTopJson } from "@/lib/web/top-body";
import { renderRowsCsv } from "@/lib/web/top-select";
import { buildTopView } from "@/lib/web/view";
import { appendToBenchmarks } from "./benchmarks-file";

const RANKS = 1000;
const QUOTES = 5000;
const RUNS = 200;

// A market shaped like the real one: most ranked coins listed once at the pricing provider, some
// symbols shared by several coins (matched by name or market cap), some not listed at all.
function market(): { entries: RankingEntry[]; quotes: PriceQuote[] } {
  const quotes: PriceQuote[] = [];
  const entries: RankingEntry[] = [];
  for (let i = 0; i < QUOTES; i++) {
    const shared = i % 50 === 7 ? `SYM${i - 1}` : `SYM${i}`;
    quotes.push({
      providerId: String(i + 1),
      symbol: shared,
      name: `Coin ${i}`,
      slug: `coin-${i}`,
      priceUsd: 1000 / (i + 1),
      marketCapUsd: 1e12 / (i + 1),
      volume24hUsd: 1e9 / (i + 1),
      change1hPct: 0.1,
      change24hPct: -1.2,
      change7dPct: 3.4,
      circulatingSupply: 1e6,
      totalSupply: 1.2e6,
      lastUpdated: "2026-11-29T00:00:00.000Z",
    });
  }
  for (let rank = 1; rank <= RANKS; rank++) {
    const i = (rank * 3) % QUOTES;
    entries.push({
      rank,
      providerId: `cc-${rank}`,
      symbol: rank % 97 === 0 ? `GONE${rank}` : `SYM${i}`,
      name: rank % 97 === 0 ? `Gone ${rank}` : `Coin ${i}`,
      marketCapUsd: 1e12 / (i + 1),
      volume24hUsd: 1e9 / (i + 1),
      priceUsd: 1000 / (i + 1),
      circulatingSupply: 1.2e6,
      totalSupply: 1.2e6,
    });
  }
  return { entries, quotes };
}

function timeRuns(run: () => unknown): { median: number; p95: number } {
  for (let i = 0; i < 20; i++) run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(RUNS / 2)] ?? 0, p95: times[Math.floor(RUNS * 0.95)] ?? 0 };
}

const { entries, quotes } = market();
const input = { rankingProvider: "cryptocompare", pricingProvider: "coinmarketcap", entries, quotes };

// The steady state: every coin the first merge linked is in the registry, as the services record it.
function registryOf(result: ReturnType<typeof mergeTop>): StoredLink[] {
  const at = new Date("2026-12-07T00:00:00.000Z");
  const link = (assetId: string, provider: string, providerId: string): StoredLink => ({
    assetId,
    provider,
    providerId,
    symbol: "",
    name: "",
    slug: null,
    rule: "evidence",
    madeBy: "auto",
    evidence: "",
    firstConfirmedAt: at,
    lastConfirmedAt: at,
    contradictions: 0,
    lastContradiction: null,
  });
  return result.links.flatMap((decision) => {
    const assetId = `asset-${decision.rankingId}`;
    const ranked = link(assetId, "cryptocompare", decision.rankingId);
    return decision.pricingId ? [ranked, link(assetId, "coinmarketcap", decision.pricingId)] : [ranked];
  });
}
const baseline = timeRuns(() => {
  const bySymbol = new Map(quotes.map((quote) => [quote.symbol, quote]));
  return entries.map((entry) => ({ ...entry, quote: bySymbol.get(entry.symbol) ?? null }));
});
const merge = timeRuns(() => mergeTop(input));
const { rows, counts } = mergeTop(input);
const steadyInput = { ...input, registry: { links: registryOf(mergeTop(input)) }, registryIsCurrent: true };
const steady = timeRuns(() => mergeTop(steadyInput));
const state = (role: "ranking" | "pricing") => ({
  role,
  provider: role === "ranking" ? "cryptocompare" : "coinmarketcap",
  snapshotId: 1,
  fetchedAt: new Date(),
  checkedAt: new Date(),
  lastError: null,
  lastErrorAt: null,
  nextAttemptAt: null,
  intervalSeconds: 60,
  simulated: false,
  selection: null,
  creditsToday: 0,
  creditsDay: null,
});
const view = buildTopView({
  merged: { rankingSnapshotId: 1, pricingSnapshotId: 1, registryVersion: 0, assetLinks: new Map(), rows, counts },
  ranking: state("ranking"),
  pricing: state("pricing"),
  depth: RANKS,
  staleFactor: 3,
  storeKey: "bench",
  now: new Date(),
});
const json = timeRuns(() => renderTopJson(view, 200));
const csv = timeRuns(() => renderRowsCsv(view.merged.rows.slice(0, 200)));

const ms = (value: number) => `${value.toFixed(2)} ms`;
const table = [
  "| step | median | p95 |",
  "| --- | --- | --- |",
  `| baseline: a Map join by symbol, ${RANKS} × ${QUOTES} | ${ms(baseline.median)} | ${ms(baseline.p95)} |`,
  `| merge, ${RANKS} ranks × ${QUOTES} quotes, an empty registry (${counts.matched} matched, ${counts.ambiguous} ambiguous, ${counts.notListed} not listed) | ${ms(merge.median)} | ${ms(merge.p95)} |`,
  `| merge, the same with every link in the registry (the steady state) | ${ms(steady.median)} | ${ms(steady.p95)} |`,
  `| JSON body, limit 200 | ${ms(json.median)} | ${ms(json.p95)} |`,
  `| CSV body, limit 200 | ${ms(csv.median)} | ${ms(csv.p95)} |`,
].join("\n");
const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const section = `\n### Merge and rebuild, ${new Date().toISOString().slice(0, 10)}\n\nCommand: \`npm run bench:merge\` (${machine}; ${RUNS} runs after 20 warm-up runs).\n\n${table}\n\nThe merge weighs identity evidence for every coin (symbol, names, market, contracts) and builds the registry's decisions; it is ${(merge.median / Math.max(baseline.median, 0.001)).toFixed(1)}× the bare Map join, ${(steady.median / Math.max(baseline.median, 0.001)).toFixed(1)}× once the registry holds the links. The target is a median of at most 5 ms.\n`;
console.log(section);
if (!process.argv.includes("--no-write")) appendToBenchmarks(section);
