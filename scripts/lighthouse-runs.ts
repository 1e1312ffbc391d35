// How many Lighthouse runs `npm run lighthouse` takes per page: LIGHTHOUSE_RUNS, 1..20, default 5.
export const DEFAULT_LIGHTHOUSE_RUNS = 5;

export function parseLighthouseRuns(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return DEFAULT_LIGHTHOUSE_RUNS;
  const runs = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!(runs >= 1 && runs <= 20))
    throw new Error(`LIGHTHOUSE_RUNS must be a whole number from 1 to 20; got "${value}"`);
  return runs;
}
