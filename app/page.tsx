import { getConfig } from "@/lib/config";
import { parseTopQuery } from "@/lib/web/top-query";
import { readyViewStore } from "@/lib/web/view-store";

export const dynamic = "force-dynamic";

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumSignificantDigits: 8 });

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const depth = getConfig().RANKING_DEPTH;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  const query = parseTopQuery(params, null, depth);
  const viewStore = await readyViewStore();
  const view = viewStore.current;

  return (
    <main>
      <h1>Top Coins</h1>
      {"code" in query ? (
        <p role="alert" className="banner">
          {query.message}
        </p>
      ) : !view ? (
        <p role="status" className="banner">
          No data yet: waiting for the first {viewStore.status.missing.join(" and ") || "snapshots"}. This page shows
          them as soon as they arrive.
        </p>
      ) : (
        <>
          {view.meta.simulated && (
            <p className="banner" role="note">
              Simulated data: these prices come from the Top Coins market simulator, not from the real providers.
            </p>
          )}
          {(["ranking", "pricing"] as const)
            .filter((role) => view.meta[role].stale)
            .map((role) => (
              <p key={role} className="banner" role="alert">
                The {role} data from {view.meta[role].provider} is stale (last confirmed {view.meta[role].checkedAt}).
              </p>
            ))}
          <p className="muted">
            Ranked by {view.meta.ranking.provider} (updated {view.meta.ranking.checkedAt}); priced by{" "}
            {view.meta.pricing.provider} (updated {view.meta.pricing.checkedAt}).
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Coin</th>
                <th scope="col" className="num">
                  Price (USD)
                </th>
              </tr>
            </thead>
            <tbody>
              {view.merged.rows.slice(0, query.limit).map((row) => (
                <tr key={row.rankingId}>
                  <td>{row.rank}</td>
                  <td>
                    {row.name} <span className="muted">{row.symbol}</span>
                  </td>
                  <td className="num" title={row.priceReason ?? undefined}>
                    {row.priceUsd === null ? "—" : usd.format(row.priceUsd)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </main>
  );
}
