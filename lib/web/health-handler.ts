// GET /api/health: 200 while serving (ok or degraded), 503 when there is nothing to serve. The body
// is built at most once a second (and whenever the view store's state changes), then reused with
// its gzip and brotli variants: the route handler and the web server's fast path share it.

import { getConfig } from "../config";
import {
  type Answer,
  type AnswerRequest,
  answerRequestOf,
  EncodedBody,
  encodedAnswer,
  JSON_TYPE,
  toResponse,
} from "./answer";
import type { HealthBody } from "./contract/health";
import { processProblems, readProcesses } from "./process-status";
import { describeFx, describeSource } from "./view";
import { noDataReason, type ViewStore } from "./view-store";

const CACHE_KEY = Symbol.for("topcoins.healthAnswer");
type GlobalWithCache = typeof globalThis & { [CACHE_KEY]?: PreparedHealth };

interface PreparedHealth {
  viewStore: ViewStore;
  inputs: readonly unknown[];
  builtAt: number;
  status: number;
  headers: Record<string, string>;
  encoded: EncodedBody;
}

// Health ages are in whole seconds; a body younger than this says nothing new.
const HEALTH_REUSE_MS = 1000;

export function answerHealth(request: AnswerRequest, viewStore: ViewStore, now = new Date()): Answer {
  const holder = globalThis as GlobalWithCache;
  const { status } = viewStore;
  // Every check replaces these objects (or changes the status), so a changed input means a new body.
  const inputs = [
    viewStore.current,
    viewStore.sourceStates,
    viewStore.leases,
    status.storeReachable,
    status.storeError,
    status.lastCheckAt,
    status.missing.join(),
    status.waiting,
  ];
  let prepared = holder[CACHE_KEY];
  const age = prepared ? now.getTime() - prepared.builtAt : Number.NaN;
  if (
    !prepared ||
    prepared.viewStore !== viewStore ||
    !(age >= 0 && age < HEALTH_REUSE_MS) ||
    prepared.inputs.some((value, index) => value !== inputs[index])
  ) {
    const { statusCode, value } = healthBody(viewStore, now);
    const body = Buffer.from(JSON.stringify(value));
    prepared = {
      viewStore,
      inputs,
      builtAt: now.getTime(),
      status: statusCode,
      headers: {
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        vary: "Accept-Encoding",
        ...(statusCode === 503 ? { "retry-after": "5" } : {}),
      },
      // No ETag: a health check must see the state, never a 304.
      encoded: new EncodedBody(body, null),
    };
    holder[CACHE_KEY] = prepared;
  }
  return encodedAnswer(request, prepared.status, prepared.encoded, prepared.headers, JSON_TYPE);
}

export function handleHealth(request: Request, viewStore: ViewStore, now = new Date()): Response {
  return toResponse(answerHealth(answerRequestOf(request), viewStore, now));
}

function healthBody(viewStore: ViewStore, now: Date): { statusCode: number; value: HealthBody } {
  const processes = readProcesses(getConfig().SUPERVISOR_STATUS_FILE);
  const processesValue = processes === null ? null : "report" in processes ? processes.report : processes;
  const view = viewStore.current;
  const states = viewStore.sourceStates;
  const sources =
    states && view
      ? {
          ranking: describeSource(states.ranking, viewStore.staleFactor, now),
          pricing: describeSource(states.pricing, viewStore.staleFactor, now),
        }
      : null;
  const store = { dialect: viewStore.dialect, ...viewStore.status };
  const fxState = viewStore.fxState;
  const fx = viewStore.fxEnabled && fxState ? describeFx(fxState, viewStore.staleFactor, now).meta : null;
  const leases = viewStore.leases.map((lease) => ({
    role: lease.role,
    holder: lease.holder,
    token: lease.token,
    expiresAt: lease.expiresAt.toISOString(),
    live: lease.expiresAt > now,
  }));
  if (!view || !sources) {
    return {
      statusCode: 503,
      value: {
        status: "unavailable",
        reason: noDataReason(viewStore.status, now),
        checkedAt: now.toISOString(),
        store,
        sources: null,
        processes: processesValue,
      },
    };
  }
  const problems = [
    ...(store.storeReachable ? [] : ["store unreachable; serving the last view held in memory"]),
    ...processProblems(processes),
    // A lapsed lease: no replica of that service is renewing it, so nothing fetches.
    ...leases
      .filter((lease) => !lease.live)
      .map((lease) => `no ${lease.role} service holds the lease (${lease.holder}'s lapsed at ${lease.expiresAt})`),
    ...(["ranking", "pricing"] as const).flatMap((role) => [
      ...(sources[role].stale ? [`${role} data is stale`] : []),
      ...(sources[role].lastError ? [`${role} last fetch failed: ${sources[role].lastError}`] : []),
      ...(sources[role].selection?.mode === "failover"
        ? [`${role} is served by ${sources[role].provider}, a fallback: ${sources[role].selection?.reason}`]
        : []),
    ]),
    // Stale rates are still served (flagged in meta.currency); only `vs=` answers depend on them.
    ...(fx?.stale
      ? [`exchange rates are stale${fx.lastError ? `: ${fx.provider} last fetch failed: ${fx.lastError}` : ""}`]
      : []),
  ];
  return {
    statusCode: 200,
    value: {
      status: problems.length === 0 ? "ok" : "degraded",
      problems,
      checkedAt: now.toISOString(),
      simulated: view.meta.simulated,
      store,
      sources,
      fx,
      leases,
      processes: processesValue,
      merge: view.meta.merge,
    },
  };
}
