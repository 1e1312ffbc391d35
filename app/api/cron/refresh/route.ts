// Vercel Cron calls this with GET every few minutes (vercel.json) where no service process can
// run: one ranking and one pricing refresh against the configured store (PostgreSQL there).
import { type AppConfig, getConfig } from "@/lib/config";
import { runOneRefresh } from "@/lib/ingest/one-shot";
import { createLogger, type Logger } from "@/lib/log";
import { handleCronRefresh } from "@/lib/web/cron-handler";
import { allowedMethods, methodNotAllowed } from "@/lib/web/responses";
import { getViewStore } from "@/lib/web/view-store";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
// Seconds one invocation may run on Vercel (60 fits every plan). The upstream calls give up
// 10 s earlier, so a hanging provider is still recorded as an error and answered.
export const maxDuration = 60;
const FETCH_BUDGET_MS = 50_000;

let logger: Logger | undefined;
const cronLogger = (config: AppConfig) => {
  logger ??= createLogger("cron", config.LOG_LEVEL);
  return logger;
};

export function GET(request: Request): Promise<Response> {
  return handleCronRefresh(request, () => {
    const config = getConfig();
    return {
      secret: config.CRON_SECRET,
      logger: cronLogger(config),
      async refresh() {
        // The web process's one store: no second pool per request.
        const viewStore = getViewStore();
        const signal = AbortSignal.timeout(FETCH_BUDGET_MS);
        const summary = await runOneRefresh({ config, logger: cronLogger(config), store: viewStore.store, signal });
        // This instance serves the new snapshots now rather than at its next store check.
        await viewStore.refresh();
        return summary;
      },
    };
  });
}

export const POST = () => methodNotAllowed();
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
export const OPTIONS = () => allowedMethods();
