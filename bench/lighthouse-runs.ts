// `npm run lighthouse` settings: LIGHTHOUSE_RUNS (runs per page) and LIGHTHOUSE_APPEND.
/** Runs per page: LIGHTHOUSE_RUNS, 1..20, default 5. */
export const DEFAULT_LIGHTHOUSE_RUNS = 5;

export function parseLighthouseRuns(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return DEFAULT_LIGHTHOUSE_RUNS;
  const runs = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!(runs >= 1 && runs <= 20))
    throw new Error(`LIGHTHOUSE_RUNS must be a whole number from 1 to 20; got "${value}"`);
  return runs;
}

/** Whether `npm run lighthouse` appends its report to BENCHMARKS.md: LIGHTHOUSE_APPEND, 1 (default) or 0. */
export function parseLighthouseAppend(value: string | undefined): boolean {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "" || trimmed === "1") return true;
  if (trimmed === "0") return false;
  throw new Error(`LIGHTHOUSE_APPEND must be 1 (append to BENCHMARKS.md) or 0 (print only); got "${value}"`);
}
