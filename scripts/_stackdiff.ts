import { createSqliteDatabase } from "../lib/store/test-support/test-databases";
import { startStack } from "../test/support/stack";
const db = await createSqliteDatabase();
const stack = await startStack({ databaseUrl: db.url, extraEnv: process.argv[2] ? JSON.parse(process.argv[2]) : {} });
await new Promise((r) => setTimeout(r, 8000));
const truth = (await (await fetch(`${stack.simUrl}/_sim/truth?limit=200`)).json()).rows;
const body = await (await fetch(`${stack.webUrl}/api/top?limit=200`)).json();
let diffs = 0;
for (const t of truth) {
  const r = body.data.find((x: any) => x.rankingId === t.ccId);
  const want = t.expected === "priced" ? "ok" : t.expected;
  if (!r || r.priceStatus !== want || r.priceUsd !== t.priceUsd) { diffs++; console.log(JSON.stringify({ t, r: r && { symbol: r.symbol, name: r.name, status: r.priceStatus, price: r.priceUsd, pricingId: r.pricingId, reason: r.priceReason, ev: r.matchEvidence, src: r.priceSource } })); }
}
console.log("diffs", diffs, "merge", JSON.stringify(body.meta.merge));
await stack.stop(); await db.drop();
