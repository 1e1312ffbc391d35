// Store calls that failed because the database did not answer (a timeout, a refused or lost
// connection, a lock held too long), counted where the driver reports them, in every process that
// opens the store. SQL errors (a constraint, a bug) are not counted here.
import { Counter } from "prom-client";
import { STORE_FAILURE_KINDS, type StoreFailure } from "../store/errors";
import { metricGroup } from "./registry";

const store = () =>
  metricGroup("store", (registry) => ({
    errors: new Counter({
      name: "topcoins_store_errors_total",
      help: "Store calls that failed because the database did not answer, by dialect and kind (connect, connect_timeout, statement_timeout, query_timeout, connection_lost, busy).",
      labelNames: ["dialect", "kind"] as const,
      registers: [registry],
    }),
  }));

/** Starts every kind at 0 for the dialect, so a rate over the counter exists before the first failure. */
export function initStoreErrors(dialect: StoreFailure["dialect"]): void {
  const { errors } = store();
  for (const kind of STORE_FAILURE_KINDS) errors.inc({ dialect, kind }, 0);
}

export function observeStoreError({ dialect, kind }: Pick<StoreFailure, "dialect" | "kind">): void {
  store().errors.inc({ dialect, kind });
}
