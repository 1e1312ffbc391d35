import { cookies } from "next/headers";
import { DownloadLinks } from "@/components/download-links";
import { BadQuery, SimulatedBanner } from "@/components/page-states";
import { initialTopResult } from "@/components/top-table/initial-data";
import { LiveDashboard } from "@/components/top-table/live-dashboard";
import { NoDataYet } from "@/components/top-table/no-data";
import { getConfig } from "@/lib/config";
import { currencyOf } from "@/lib/domain/currencies";
import { CURRENCY_COOKIE, parseViewParams, toSearchParams } from "@/lib/ui/view-params";
import { currencyProblem } from "@/lib/web/top-body";
import { parseLimit, parseVs, topQueryOf } from "@/lib/web/top-query";
import { readyViewStore } from "@/lib/web/view-store";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function HomePage({ searchParams }: { searchParams: SearchParams }) {
  const depth = getConfig().RANKING_DEPTH;
  const params = toSearchParams(await searchParams);
  // Only `limit` and `vs` matter to the server; `format` is the API's business.
  const limit = parseLimit(params, depth);
  const named = parseVs(params);
  // The URL's currency, else the one the reader chose last time, else USD.
  const remembered = currencyOf((await cookies()).get(CURRENCY_COOKIE)?.value ?? "")?.code;
  const wanted = typeof named === "string" ? named : (remembered ?? "USD");
  const { sort, q } = parseViewParams(params);
  const viewStore = await readyViewStore();
  const view = viewStore.current;
  const badQuery = typeof limit !== "number" ? limit : named !== null && typeof named === "object" ? named : null;
  // Without a rate yet (or with conversion off) the page shows USD and says why.
  const problem =
    view && typeof limit === "number" && wanted !== "USD"
      ? currencyProblem(view, topQueryOf({ limit, format: "json", vs: wanted }), viewStore.fxEnabled, viewStore.clock())
      : null;
  const currency = problem ? "USD" : wanted;

  return (
    <main id="main" className="page">
      <div className="page-head">
        <div>
          <h1>Top Coins</h1>
          <p className="lede">
            The top crypto assets by rank, with their prices in {currency}, kept current.
            {view && ` Ranked by ${view.meta.ranking.provider}, priced by ${view.meta.pricing.provider}.`}
          </p>
        </div>
        {view && typeof limit === "number" && <DownloadLinks limit={limit} vs={currency} />}
      </div>
      {typeof limit !== "number" || badQuery ? (
        <BadQuery message={badQuery?.message ?? ""} depth={depth} />
      ) : !view ? (
        <NoDataYet waitingFor={`${viewStore.status.missing.join(" and ") || "snapshots"} data`} />
      ) : (
        <>
          {view.meta.simulated && <SimulatedBanner />}
          {problem && (
            <p className="banner banner-warn" role="status">
              Prices in {wanted} are not available: {problem.message.replace(/; USD prices are served without vs$/, "")}
              . Showing US dollars.
            </p>
          )}
          <LiveDashboard
            initial={initialTopResult(view, limit, currency)}
            limit={limit}
            currency={currency}
            depth={depth}
            initialSort={sort}
            initialQuery={q}
          />
        </>
      )}
    </main>
  );
}
