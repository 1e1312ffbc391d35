import { describeChange } from "@/lib/ui/coin/changes";
import theme from "./theme.module.css";

/** A signed change with an arrow, so the direction never rests on colour alone. */
export function ChangeText({ pct }: { pct: number | null }) {
  const change = describeChange(pct);
  if (!change) return <span className={theme.flat}>—</span>;
  return (
    <span className={theme[change.direction]}>
      <span aria-hidden="true">{change.arrow} </span>
      {change.text}
    </span>
  );
}
