import { avatarFor } from "@/lib/ui/avatar";

/**
 * Initials on a colour hashed from the symbol: no remote images. Decorative; the name is beside it.
 * Hook-free, so a long table may call it as a function and save a component per row.
 */
export function CoinAvatar({ symbol, name }: { symbol: string; name: string }) {
  const { initials, background } = avatarFor(symbol, name);
  return (
    <span className="coin-avatar" style={{ background }} aria-hidden="true">
      {initials}
    </span>
  );
}
