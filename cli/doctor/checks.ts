// Turns the configuration and the probes' results into the doctor's checks: one per provider of
// each role (primary and every fallback), and one per role for failover readiness.
import { type AppConfig, missingProviderKey, PAID_DEFAULTS, type ProviderName } from "../../lib/config";
import type { SourceRole } from "../../lib/domain/types";
import {
  KEY_SIGNUP,
  keylessDefaultNote,
  keyVariableOf,
  missingKeyMessage,
  type Position,
} from "../../lib/providers/key-hints";
import { formatInteger } from "../../lib/ui/numbers";
import type { ProbeResult } from "./probes";

export type CheckStatus = "ok" | "fail" | "warn" | "info";

export interface Check {
  check: "provider" | "failover" | "overrides" | "store";
  /** The short label printed in the second column. */
  label: string;
  status: CheckStatus;
  message: string;
  /** Extra fields for --json. */
  details: Record<string, unknown>;
}

interface RoleSetup {
  role: SourceRole;
  primary: ProviderName;
  fallbacks: ProviderName[];
}

export function roleSetups(config: AppConfig): RoleSetup[] {
  return [
    { role: "ranking", primary: config.RANKING_PROVIDER, fallbacks: config.RANKING_FALLBACK },
    { role: "pricing", primary: config.PRICING_PROVIDER, fallbacks: config.PRICING_FALLBACK },
  ];
}

/** Every provider the configuration names in any role, each once, and whether its key is there. */
export function providersToCall(config: AppConfig): ProviderName[] {
  const named = roleSetups(config).flatMap((setup) => [setup.primary, ...setup.fallbacks]);
  // A provider without its key would only be refused: say what is missing instead of calling.
  return [...new Set(named)].filter((provider) => missingProviderKey(config, provider) === null);
}

function describeCredits(left: ProbeResult["creditsLeft"]): string | null {
  if (left === null) return null;
  const parts: string[] = [];
  if (left.month !== null) parts.push(`${formatInteger(left.month)} this month`);
  if (left.day !== null) parts.push(`${formatInteger(left.day)} today`);
  return parts.join(", ");
}

function answeredText(probe: ProbeResult, keyVariable: string | null): string {
  const parts = [`${keyVariable === null ? "keyless" : `key accepted (${keyVariable})`}, ${probe.latencyMs} ms`];
  if (probe.plan !== null) parts.push(`plan: ${probe.plan}`);
  const credits = describeCredits(probe.creditsLeft);
  if (credits) parts.push(`credits left: ${credits}`);
  return `${parts.join("; ")}${probe.simulated ? " [simulated]" : ""}`;
}

function failedText(probe: ProbeResult, provider: ProviderName, keyVariable: string | null): string {
  const error = probe.error!;
  if (error.kind === "auth" && keyVariable !== null) {
    return `the key in ${keyVariable} was refused (auth) after ${probe.latencyMs} ms (${error.message}); check its value, or get a key at ${KEY_SIGNUP[provider]}`;
  }
  return `failed (${error.kind}) after ${probe.latencyMs} ms — ${error.message}`;
}

// What one call tells about the key: only an auth answer says the key itself is wrong.
function keyState(probe: ProbeResult, keyVariable: string | null): "keyless" | "accepted" | "refused" | "unknown" {
  if (probe.error === null) return keyVariable === null ? "keyless" : "accepted";
  return probe.error.kind === "auth" ? "refused" : "unknown";
}

function providerCheck(
  config: AppConfig,
  setup: RoleSetup,
  provider: ProviderName,
  position: Position,
  probes: ReadonlyMap<ProviderName, ProbeResult>,
): Check {
  const { role } = setup;
  let name: string = position.kind === "primary" ? provider : `${provider} (fallback ${position.index})`;
  if (position.kind === "primary" && config.providerChoice[role] === "keyless_default") {
    name += ` (${keylessDefaultNote(role)})`;
  }
  const base = { role, position: position.kind, provider };
  const missing = missingProviderKey(config, provider);
  if (missing !== null) {
    return {
      check: "provider",
      label: role,
      status: "fail",
      message: `${name}: ${missingKeyMessage(config, role, position, provider, missing)}`,
      details: { ...base, keyVariable: missing, key: "missing", latencyMs: null, errorKind: null },
    };
  }
  const probe = probes.get(provider);
  if (probe === undefined) throw new Error(`no probe result for ${provider}`);
  const keyVariable = keyVariableOf(config, provider);
  const key = keyState(probe, keyVariable);
  return {
    check: "provider",
    label: role,
    status: probe.error === null ? "ok" : "fail",
    message: `${name}: ${probe.error === null ? answeredText(probe, keyVariable) : failedText(probe, provider, keyVariable)}`,
    details: {
      ...base,
      keyVariable,
      key,
      latencyMs: probe.latencyMs,
      errorKind: probe.error?.kind ?? null,
      error: probe.error,
      plan: probe.plan,
      creditsLeft: probe.creditsLeft,
      simulated: probe.simulated,
    },
  };
}

function failoverCheck(config: AppConfig, setup: RoleSetup, probes: ReadonlyMap<ProviderName, ProbeResult>): Check {
  const { role, fallbacks } = setup;
  const variable = `${role.toUpperCase()}_FALLBACK`;
  if (fallbacks.length === 0) {
    const example = setup.primary === "coingecko" ? PAID_DEFAULTS[role].provider : "coingecko";
    const key = missingProviderKey(config, example);
    return {
      check: "failover",
      label: "failover",
      status: "info",
      message: `${role}: no fallback configured; ${variable} names providers to fail over to, e.g. ${variable}=${example}${key === null ? "" : ` (with ${key} set)`}`,
      details: { role, ready: false, fallbacks: [] },
    };
  }
  const problems = fallbacks.flatMap((provider) => {
    const missing = missingProviderKey(config, provider);
    if (missing !== null) return [`${provider} has no key (${missing})`];
    const error = probes.get(provider)?.error;
    return error ? [`${provider} failed (${error.kind})`] : [];
  });
  const ready = problems.length === 0;
  return {
    check: "failover",
    label: "failover",
    status: ready ? "ok" : "fail",
    message: ready ? `${role}: ready (${fallbacks.join(", ")} answered)` : `${role}: not ready: ${problems.join("; ")}`,
    details: { role, ready, fallbacks },
  };
}

export function providerChecks(config: AppConfig, probes: ReadonlyMap<ProviderName, ProbeResult>): Check[] {
  const setups = roleSetups(config);
  const perProvider = setups.flatMap((setup) => [
    providerCheck(config, setup, setup.primary, { kind: "primary" }, probes),
    ...setup.fallbacks.map((provider, i) =>
      providerCheck(config, setup, provider, { kind: "fallback", index: i + 1 }, probes),
    ),
  ]);
  return [...perProvider, ...setups.map((setup) => failoverCheck(config, setup, probes))];
}
