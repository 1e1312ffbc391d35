import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CoinPage } from "@/components/coin/coin-page";
import { CoinWaiting } from "@/components/coin/coin-waiting";
import { loadCoin } from "@/components/coin/load-coin";

export const dynamic = "force-dynamic";

interface CoinRouteProps {
  params: Promise<{ id: string }>;
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

export default async function CoinRoute({ params }: CoinRouteProps) {
  const coin = await loadCoin((await params).id);
  if (coin.kind === "absent") notFound();
  if (coin.kind === "waiting") return <CoinWaiting missing={coin.missing} />;
  return <CoinPage row={coin.row} meta={coin.view.meta} />;
}
