import { DownloadLinks } from "@/components/download-links";
import { BadQuery, SimulatedBanner } from "@/components/page-states";
import { initialTopResult } from "@/components/top-table/initial-data";
import { LiveDashboard } from "@/components/top-table/live-dashboard";
import { NoDataYet } from "@/components/top-table/no-data";
import { getConfig } from "@/lib/config";
import { parseViewParams, toSearchParams } from "@/lib/ui/view-params";
import { parseLimit } from "@/lib/web/top-query";
import { readyViewStore } from "@/lib/web/view-store";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function HomePage({ searchParams }: { searchParams: SearchParams }) {
  const depth = getConfig().RANKING_DEPTH;
  const params = toSearchParams(await searchParams);
  // Only `limit` matters to the page; `format` is the API's business.
  const limit = parseLimit(params, depth);
  const { sort, q } = parseViewParams(params);
  const viewStore = await readyViewStore();
  const view = viewStore.current;

  return (
    <main id="main" className="page">
      <div className="page-head">
        <div>
          <h1>Top Coins</h1>
          <p className="lede">
            The top crypto assets by rank, with their USD prices, kept current.
            {view && ` Ranked by ${view.meta.ranking.provider}, priced by ${view.meta.pricing.provider}.`}
          </p>
        </div>
        {view && typeof limit === "number" && <DownloadLinks limit={limit} />}
      </div>
      {typeof limit !== "number" ? (
        <BadQuery message={limit.message} depth={depth} />
      ) : !view ? (
        <NoDataYet waitingFor={`${viewStore.status.missing.join(" and ") || "snapshots"} data`} />
      ) : (
        <>
          {view.meta.simulated && <SimulatedBanner />}
          <LiveDashboard
            initial={initialTopResult(view, limit)}
            limit={limit}
            depth={depth}
            initialSort={sort}
            initialQuery={q}
          />
        </>
      )}
    </main>
  );
}
