import { avatarFor } from "@/lib/ui/avatar";

/**
 * The coin's generated avatar as inline SVG: the same initials and colour as the top table's,
 * drawn at page-header size. Decorative: the name is right beside it.
 */
export function CoinBadge({ symbol, name, className }: { symbol: string; name: string; className?: string }) {
  const { initials, background } = avatarFor(symbol, name);
  return (
    <svg className={className} viewBox="0 0 56 56" aria-hidden="true" focusable="false">
      <circle cx="28" cy="28" r="28" fill={background} />
      <text
        x="28"
        y="28"
        dy="0.35em"
        textAnchor="middle"
        fill="#ffffff"
        fontSize={initials.length > 2 ? 16 : 20}
        fontWeight={700}
        fontFamily="system-ui, sans-serif"
      >
        {initials}
      </text>
    </svg>
  );
}
