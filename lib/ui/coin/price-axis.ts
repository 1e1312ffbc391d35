// The price chart's y axis: a domain and ticks on round numbers (1, 2, 2.5 or 5 × 10^n apart), so
// the labels read "$90K, $91K" rather than "$90.404K, $91.304K".

export interface PriceScale {
  domain: [number, number];
  ticks: number[];
}

/** Drops the float noise of repeated additions: 0.1 + 0.2 → 0.3. */
const clean = (value: number) => Number(value.toPrecision(12));

function niceStep(rough: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const norm = clean(rough / magnitude);
  const factor = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
  return factor * magnitude;
}

/** About `count` ticks covering the prices; a flat line gets ±1% of air. Never below 0. */
export function priceScale(prices: readonly number[], count = 5): PriceScale {
  const finite = prices.filter(Number.isFinite);
  if (finite.length === 0) return { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] };
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi === lo) {
    const air = Math.abs(hi) * 0.01 || 1;
    lo -= air;
    hi += air;
  }
  const step = niceStep((hi - lo) / Math.max(1, count - 1));
  const first = Math.max(0, Math.floor(clean(lo / step)) * step);
  const last = Math.ceil(clean(hi / step)) * step;
  const ticks: number[] = [];
  for (let i = 0; clean(first + i * step) <= clean(last); i++) ticks.push(clean(first + i * step));
  return { domain: [clean(first), clean(last)], ticks };
}
