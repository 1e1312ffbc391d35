import type { Metadata } from "next";
import { MarketPage } from "@/components/market/market-page";
import { DEFAULT_LIMIT, parseMarketLimit } from "@/lib/ui/market/liquidity";
import { readyViewStore } from "@/lib/web/view-store";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Market liquidity · Top Coins",
  description: "Market cap against 24h volume for the top coins, and the top 10's share of market cap.",
};

export default async function MarketRoute({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = (await searchParams).limit;
  const parsed = parseMarketLimit(Array.isArray(raw) ? raw.join(",") : raw);
  const viewStore = await readyViewStore();
  const view = viewStore.current;
  return (
    <MarketPage
      limit={"limit" in parsed ? parsed.limit : DEFAULT_LIMIT}
      limitError={"error" in parsed ? parsed.error : null}
      rows={view?.merged.rows ?? null}
      meta={view?.meta ?? null}
      missing={viewStore.status.missing}
    />
  );
}
