// Prometheus metrics for the web and the services: one registry per process (see registry.ts).
export { observeHttpRequest } from "./http";
export { type LeaseRole, type LeaseState, observeLease } from "./lease";
export { type Exposition, getRegistry, renderMetrics } from "./registry";
export { type MetricsServer, startMetricsServer } from "./server";
export { type CycleOutcome, observeCycle, observeFetchSuccess } from "./service";
export { observeUpstreamAttempt, type UpstreamAttempt, type UpstreamOutcome } from "./upstream";
