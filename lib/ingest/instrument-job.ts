// Traces and metrics around a service job, without touching the loop that runs it. Each cycle is
// one trace: a root `cycle <role>` span from the fetch to the follow-up work, with a `fetch <role>`
// child (the provider's HTTP attempts and body parses below it) and a `store.write <role>` child
// when the content changed. The loop calls fetch, then write or not, then afterCycle on success,
// so the cycle ends in afterCycle, or where it fails.
import { context, ROOT_CONTEXT, type Span, trace } from "@opentelemetry/api";
import { type CycleOutcome, observeCycle, observeFetchSuccess } from "@/lib/metrics/service";
import { ATTR, failSpan, inSpan, tracer } from "@/lib/tracing/spans";
import type { FetchOutcome, ServiceJob } from "./service-loop";

export function instrumentJob<T extends FetchOutcome>(job: ServiceJob<T>): ServiceJob<T> {
  const { role } = job;
  let cycle: Span | null = null;

  const endCycle = (outcome: CycleOutcome, error?: unknown) => {
    if (!cycle) return;
    cycle.setAttribute(ATTR.outcome, outcome);
    if (error !== undefined) failSpan(cycle, error);
    cycle.end();
    cycle = null;
    observeCycle(role, outcome);
  };
  // Runs `work` as a child of the open cycle span.
  const inCycle = <R>(work: () => Promise<R>) =>
    context.with(cycle ? trace.setSpan(context.active(), cycle) : context.active(), work);

  return {
    role,
    get provider() {
      return job.provider;
    },
    get intervalSeconds() {
      return job.intervalSeconds;
    },
    selection: job.selection?.bind(job),
    async fetch(signal) {
      // A cycle still open here failed after its fetch (the store refused the check): close it so.
      endCycle("error", new Error(`the ${role} cycle failed after its fetch`));
      cycle = tracer().startSpan(`cycle ${role}`, { root: true, attributes: { [ATTR.role]: role } });
      try {
        const outcome = await inCycle(() =>
          inSpan(`fetch ${role}`, { attributes: { [ATTR.role]: role } }, async (span) => {
            try {
              const fetched = await job.fetch(signal);
              span.setAttributes({
                [ATTR.provider]: fetched.provider,
                [ATTR.items]: fetched.records.length,
                [ATTR.outcome]: "ok",
              });
              return fetched;
            } catch (error) {
              span.setAttributes({ [ATTR.provider]: job.provider, [ATTR.outcome]: outcomeOf(error) });
              throw error;
            }
          }),
        );
        cycle?.setAttributes({ [ATTR.provider]: outcome.provider, [ATTR.items]: outcome.records.length });
        observeFetchSuccess(role, outcome.provider, outcome.records.length, outcome.creditCount, new Date());
        return outcome;
      } catch (error) {
        cycle?.setAttribute(ATTR.provider, job.provider);
        endCycle("error", error);
        throw error;
      }
    },
    async write(store, outcome, hash, fetchedAt, fence) {
      try {
        const attributes = {
          [ATTR.role]: role,
          [ATTR.provider]: outcome.provider,
          [ATTR.items]: outcome.records.length,
        };
        const snapshotId = await inCycle(() =>
          inSpan(`store.write ${role}`, { attributes }, async (span) => {
            const id = await job.write(store, outcome, hash, fetchedAt, fence);
            span.setAttribute(ATTR.snapshotId, id);
            return id;
          }),
        );
        cycle?.setAttribute(ATTR.snapshotId, snapshotId);
        return snapshotId;
      } catch (error) {
        endCycle("error", error);
        throw error;
      }
    },
    async afterCycle(result) {
      endCycle(result.result);
      // Follow-up work (price history, the history backfill) runs outside the cycle's trace: a
      // backfill round outlives the cycle that triggered it.
      const followUp = job.afterCycle;
      if (followUp) await context.with(ROOT_CONTEXT, () => followUp(result));
    },
  };
}

/** The error's kind (auth, quota, …) when it is an upstream failure, else "error". */
function outcomeOf(error: unknown): string {
  const kind = (error as { kind?: unknown } | null)?.kind;
  return typeof kind === "string" ? kind : "error";
}
