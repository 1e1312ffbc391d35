// Evidence in words, for the API's reasons, the coin page and `topcoins overrides suggest`:
// "symbol agrees; names share no word; prices differ 41×". Pure.
import { CAP_FACTOR, type Evidence, SUPPLY_FACTOR } from "./evidence";

// Three significant digits without trailing zeros after the point: 370, 12.3, 1.5.
function digits(value: number): string {
  return String(Number(value.toPrecision(3)));
}

function usd(value: number): string {
  const units: Array<[number, string]> = [
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [size, unit] of units) if (Math.abs(value) >= size) return `$${digits(value / size)}${unit}`;
  return `$${digits(value)}`;
}

function times(ratio: number): string {
  return ratio >= 10 ? `${Math.round(ratio)}×` : `${ratio.toFixed(1)}×`;
}

function percentApart(ratio: number): string {
  const pct = (ratio - 1) * 100;
  return pct < 0.1 ? "<0.1%" : `${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
}

// "prices 0.4% apart" while close, "prices differ 41×" once one is double the other.
function apart(what: string, ratio: number): string {
  return ratio >= 2 ? `${what} differ ${times(ratio)}` : `${what} ${percentApart(ratio)} apart`;
}

export interface DescribeContext {
  /** The candidate's provider, to say where a 0 market cap comes from. */
  candidateProvider: string;
  rankedProvider: string;
  /** The other side's market cap, for "market cap 0 at X against $12.3M". */
  rankedCapUsd: number | null;
  candidateCapUsd: number | null;
}

/** The evidence as one line of clauses separated by semicolons, strongest first. */
export function describeEvidence(evidence: Evidence, context: DescribeContext): string {
  const clauses: string[] = [];
  if (evidence.contract) {
    clauses.push(`same ${evidence.contract.chain} contract ${evidence.contract.address}`);
  }
  if (evidence.symbol) clauses.push("symbol agrees");
  if (evidence.name === "exact") clauses.push("name agrees");
  else if (evidence.name === "contains") clauses.push("one name contains the other");
  else if (evidence.name === "slug") clauses.push("slug agrees with the name");
  if (evidence.contradictions.includes("names_disjoint")) clauses.push("names share no word");
  const market: string[] = [];
  if (evidence.priceRatio !== null) market.push(apart("prices", evidence.priceRatio));
  if (evidence.capRatio !== null) market.push(apart("market caps", evidence.capRatio));
  // The supplies, when there is no cap, or when they agree and the caps do not (caps of different supplies).
  const capsApart = evidence.capRatio !== null && evidence.capRatio > CAP_FACTOR;
  if (
    evidence.supplyRatio !== null &&
    (evidence.capRatio === null || (capsApart && evidence.supplyRatio <= SUPPLY_FACTOR))
  ) {
    market.push(apart("supplies", evidence.supplyRatio));
  }
  if (market.length > 0) clauses.push(`${evidence.market ? "market agrees: " : ""}${market.join(", ")}`);
  if (evidence.zeroCapAt !== null) {
    const [zeroAt, other] =
      evidence.zeroCapAt === "candidate"
        ? [context.candidateProvider, context.rankedCapUsd]
        : [context.rankedProvider, context.candidateCapUsd];
    clauses.push(`market cap 0 at ${zeroAt}${other === null ? "" : ` against ${usd(other)}`}`);
  }
  if (clauses.length === 0) clauses.push("no evidence");
  return clauses.join("; ");
}

const summaries = new Map<string, string>();

function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * The signals that agree, in a few words, for a link that nothing contradicts: "symbol, name and
 * market agree". Built once per combination: a merge describes every linked coin.
 */
export function summarizeEvidence(evidence: Evidence): string {
  if (evidence.contradictions.length > 0 || evidence.zeroCapAt !== null) {
    throw new Error("summarizeEvidence describes only evidence without contradictions");
  }
  const key = `${evidence.contract?.chain ?? ""}|${evidence.contract?.address ?? ""}|${+evidence.symbol}${evidence.name}${+evidence.market}`;
  let summary = summaries.get(key);
  if (summary === undefined) {
    const agreeing = [
      evidence.symbol ? "symbol" : null,
      evidence.name === "exact" ? "name" : evidence.name === "slug" ? "slug" : null,
      evidence.market ? "market" : null,
    ].filter((item): item is string => item !== null);
    const parts: string[] = [];
    if (evidence.contract) parts.push(`same ${evidence.contract.chain} contract ${evidence.contract.address}`);
    if (agreeing.length > 0) parts.push(`${list(agreeing)} ${agreeing.length === 1 ? "agrees" : "agree"}`);
    if (evidence.name === "contains") parts.push("one name contains the other");
    summary = parts.length > 0 ? parts.join("; ") : "no evidence";
    // Contract addresses vary without bound; the combinations of signals do not.
    if (!evidence.contract) summaries.set(key, summary);
  }
  return summary;
}
