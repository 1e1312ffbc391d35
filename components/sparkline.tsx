import { sparklinePoints, trendLabel, trendOf } from "@/lib/ui/sparkline";

const WIDTH = 112;
const HEIGHT = 32;

/** A 7-day price line as one SVG polyline, coloured by its direction. Empty without data. */
export function Sparkline({ values }: { values: readonly number[] | undefined }) {
  const trend = values ? trendOf(values) : null;
  const points = values ? sparklinePoints(values, WIDTH, HEIGHT, 2) : "";
  if (!trend || !points) return null;
  return (
    <svg
      className={`sparkline trend-${trend.direction}`}
      role="img"
      aria-label={trendLabel(trend)}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
    >
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}
