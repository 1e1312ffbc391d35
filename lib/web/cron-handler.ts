// GET /api/cron/refresh: one ranking and one pricing refresh, for hosts that cannot run the services
// as long-lived processes (a Vercel cron). Each call spends provider quota, so only a caller that
// holds CRON_SECRET may make one; without the secret the route is off.
import { createHash, timingSafeEqual } from "node:crypto";
import type { SourceRole } from "../domain/types";
import type { Logger } from "../log";
import { errorResponse, jsonResponse } from "./responses";

/** Each role's result, as the one-shot refresh reports it. */
export type RefreshOutcome = Record<SourceRole, { result: string; error?: string }>;

export interface CronRefreshDeps {
  /** The bearer secret callers must send; undefined turns the route off. */
  secret: string | undefined;
  logger: Logger;
  refresh(): Promise<RefreshOutcome>;
}

/** True when `authorization` is `Bearer <secret>`; compares digests so the time taken says nothing. */
export function bearerMatches(authorization: string | null, secret: string): boolean {
  const match = /^Bearer[ \t]+(.+?)[ \t]*$/i.exec(authorization ?? "");
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match?.[1] ?? ""), digest(secret)) && match !== null;
}

/** `deps` is read per request, inside the handler, so a bad configuration is answered rather than thrown. */
export async function handleCronRefresh(request: Request, deps: () => CronRefreshDeps): Promise<Response> {
  let context: CronRefreshDeps;
  try {
    context = deps();
  } catch (error) {
    // No logger without a configuration: the message names the bad variables for the operator.
    console.error(error instanceof Error ? error.message : error);
    return errorResponse(503, "config_invalid", "the server's configuration is invalid; its log names the variables");
  }
  const { secret, logger } = context;
  if (secret === undefined) {
    return errorResponse(503, "cron_disabled", "CRON_SECRET is not set, so this server accepts no cron refreshes");
  }
  if (!bearerMatches(request.headers.get("authorization"), secret)) {
    logger.warn({ event: "cron_refresh", outcome: "unauthorized" }, "cron refresh refused: wrong or missing bearer");
    return errorResponse(401, "unauthorized", "send the CRON_SECRET as `Authorization: Bearer <secret>`", {
      "www-authenticate": 'Bearer realm="cron"',
    });
  }
  let outcome: RefreshOutcome;
  try {
    outcome = await context.refresh();
  } catch (error) {
    // runOneRefresh throws only when the store cannot be reached or migrated.
    const message = error instanceof Error ? error.message : String(error);
    logger.error({ event: "cron_refresh", outcome: "store_unavailable", err: error }, "cron refresh could not start");
    return errorResponse(503, "store_unavailable", `the store is not reachable: ${message}`, { "retry-after": "60" });
  }
  const failed = (["ranking", "pricing"] as const).filter((role) => outcome[role].result === "error");
  if (failed.length === 2) {
    const reasons = failed.map((role) => `${role}: ${outcome[role].error ?? "failed"}`).join("; ");
    return errorResponse(502, "refresh_failed", `both refreshes failed (${reasons})`);
  }
  return jsonResponse(outcome);
}
