import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { CoinPage } from "@/components/coin/coin-page";
import { CoinWaiting } from "@/components/coin/coin-waiting";
import { loadCoin } from "@/components/coin/load-coin";
import { loadHistory } from "@/components/coin/load-history";
import { coinPath } from "@/lib/ui/coin/coin-id";
import { DEFAULT_RANGE, parseRange } from "@/lib/ui/coin/time-axis";

export const dynamic = "force-dynamic";

interface CoinRouteProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: CoinRouteProps): Promise<Metadata> {
  const coin = await loadCoin((await params).id);
  if (coin.kind !== "found") return { title: "Coin not found · Top Coins" };
  const { name, symbol } = coin.row;
  return {
    title: `${name} (${symbol}) price · Top Coins`,
    description: `${name} (${symbol}): USD price, 1h, 24h and 7d changes, market cap, 24h volume and price history.`,
  };
}

/** The query string a request came with, for a redirect that keeps it (?range=30d). */
function queryOf(params: Record<string, string | string[] | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const each of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(name, each);
  }
  const text = query.toString();
  return text === "" ? "" : `?${text}`;
}

export default async function CoinRoute({ params, searchParams }: CoinRouteProps) {
  const coin = await loadCoin((await params).id);
  if (coin.kind === "absent") notFound();
  // An older link by the ranking provider's id: the coin's page now lives at its stable id.
  if (coin.kind === "moved") permanentRedirect(`${coinPath(coin.id)}${queryOf(await searchParams)}`);
  if (coin.kind === "waiting") return <CoinWaiting missing={coin.missing} />;
  // The first value, as the browser's useSearchParams().get reads it; anything unknown is the default.
  const asked = (await searchParams).range;
  const range = parseRange(Array.isArray(asked) ? asked[0] : asked) ?? DEFAULT_RANGE;
  const history = await loadHistory(coin.view, coin.row, range);
  return (
    <CoinPage
      row={coin.row}
      meta={coin.view.meta}
      links={coin.view.merged.assetLinks.get(coin.row.id)}
      history={history}
      historyRange={range}
    />
  );
}
