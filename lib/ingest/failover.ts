// Failover between providers for one role. The role fetches from its primary provider; when the
// primary fails with auth or quota, or keeps failing, the same cycle fetches from the next
// provider in the role's fallback list. While on a fallback the primary is tried again every
// probe period (or when the primary said it would answer again, such as CoinMarketCap's daily
// reset), and the role returns to it as soon as it answers.
import type { ProviderSelection, SelectionMode, SourceRole } from "@/lib/domain/types";
import { isUpstreamError } from "@/lib/http/errors";
import type { Logger } from "@/lib/log";
import { describeError } from "./service-loop";

export interface Candidate<T> {
  provider: string;
  fetch(signal: AbortSignal): Promise<T>;
}

export interface FailoverOptions {
  role: SourceRole;
  /** How the primary was chosen: named in the configuration, or CoinGecko because a key is missing. */
  primaryMode: Exclude<SelectionMode, "failover">;
  /** Why the primary serves the role, when that needs saying (the keyless default); else null. */
  primaryReason: string | null;
  /** Transient failures in a row that count as sustained unavailability. */
  afterFailures: number;
  /** How long a fallback serves before the primary is tried again. */
  probeMs: number;
  logger: Logger;
  now?: () => Date;
}

export interface FailoverFetch<T> {
  outcome: T;
  selection: ProviderSelection;
}

/**
 * Failures that will not go away by calling the same provider again soon: a refused key and a
 * spent quota. Anything else moves the role only after `afterFailures` failures in a row.
 */
export function failsOverAtOnce(error: unknown): boolean {
  return isUpstreamError(error) && (error.kind === "auth" || error.kind === "quota");
}

function timeOfDay(at: Date): string {
  return `${at.toISOString().slice(11, 16)} UTC`;
}

export class FailoverSource<T> {
  private readonly candidates: readonly Candidate<T>[];
  private readonly options: FailoverOptions;
  private readonly now: () => Date;
  private position = 0;
  /** Failures in a row of the active provider that did not move the role yet. */
  private failures = 0;
  /** While on a fallback: when to try the primary again. */
  private probeAt: Date | null = null;
  private current: ProviderSelection;

  constructor(candidates: readonly Candidate<T>[], options: FailoverOptions) {
    const [primary] = candidates;
    if (!primary) throw new RangeError("a failover source needs at least its primary provider");
    this.candidates = candidates;
    this.options = options;
    this.now = options.now ?? (() => new Date());
    this.current = {
      primary: primary.provider,
      mode: options.primaryMode,
      reason: options.primaryReason,
      since: this.now(),
    };
  }

  /** The position in the provider list (0: the primary) of the provider that serves the role now. */
  get activeIndex(): number {
    return this.position;
  }

  /** The provider that serves the role now. */
  get active(): string {
    return this.candidateAt(this.position).provider;
  }

  get selection(): ProviderSelection {
    return this.current;
  }

  /** When the primary will be tried again, while a fallback serves; else null. */
  get nextProbeAt(): Date | null {
    return this.probeAt;
  }

  private candidateAt(index: number): Candidate<T> {
    const candidate = this.candidates[index];
    if (!candidate) throw new RangeError(`no provider at position ${index}`);
    return candidate;
  }

  /**
   * One fetch for the role: the primary when its probe is due, else the active provider, moving
   * down the fallback list in the same call when a provider fails over. Throws the last error
   * when no provider answered.
   */
  async fetch(signal: AbortSignal): Promise<FailoverFetch<T>> {
    if (this.position > 0 && this.probeAt && this.now() >= this.probeAt) {
      const returned = await this.probePrimary(signal);
      if (returned) return returned;
    }
    for (;;) {
      const candidate = this.candidateAt(this.position);
      try {
        const outcome = await candidate.fetch(signal);
        this.failures = 0;
        return { outcome, selection: this.current };
      } catch (error) {
        if (signal.aborted) throw error;
        this.failures++;
        const next = this.position + 1;
        const sustained = this.failures >= this.options.afterFailures;
        if (next >= this.candidates.length || !(failsOverAtOnce(error) || sustained)) throw error;
        this.moveTo(next, error);
      }
    }
  }

  private async probePrimary(signal: AbortSignal): Promise<FailoverFetch<T> | null> {
    const primary = this.candidateAt(0);
    const fallback = this.active;
    try {
      const outcome = await primary.fetch(signal);
      const since = this.current.since;
      const minutes = Math.max(1, Math.round((this.now().getTime() - since.getTime()) / 60_000));
      this.position = 0;
      this.failures = 0;
      this.probeAt = null;
      this.current = {
        primary: primary.provider,
        mode: this.options.primaryMode,
        reason: `${primary.provider} answers again; ${fallback} served the ${this.options.role} for ${minutes} min while it failed`,
        since: this.now(),
      };
      this.options.logger.info(
        { event: "failover", role: this.options.role, from: fallback, to: primary.provider },
        `${this.options.role} is back on ${primary.provider}`,
      );
      return { outcome, selection: this.current };
    } catch (error) {
      if (signal.aborted) throw error;
      this.probeAt = this.nextProbe(error);
      this.options.logger.info(
        { event: "failover_probe", role: this.options.role, provider: primary.provider, err: error },
        `${primary.provider} still fails (${describeError(error)}); staying on ${fallback} until ${timeOfDay(this.probeAt)}`,
      );
      return null;
    }
  }

  private nextProbe(error: unknown): Date {
    const providerWait = isUpstreamError(error) ? (error.retryAfterMs ?? 0) : 0;
    return new Date(this.now().getTime() + Math.max(this.options.probeMs, providerWait));
  }

  private moveTo(index: number, error: unknown): void {
    const from = this.active;
    const failures = this.failures;
    this.position = index;
    this.failures = 0;
    const to = this.active;
    // The primary decides when to look back: a later probe after a fallback fails changes nothing.
    if (from === this.candidateAt(0).provider) this.probeAt = this.nextProbe(error);
    const probeAt = this.probeAt ?? this.nextProbe(error);
    const why = failsOverAtOnce(error)
      ? describeError(error)
      : `${failures} failures in a row, the last ${describeError(error)}`;
    this.current = {
      primary: this.candidateAt(0).provider,
      mode: "failover",
      reason: `${from} failed (${why}); ${to} serves the ${this.options.role} until ${this.candidateAt(0).provider} answers again (next try ${timeOfDay(probeAt)})`,
      since: this.now(),
    };
    this.options.logger.warn(
      { event: "failover", role: this.options.role, from, to, err: error },
      `${this.options.role} fails over from ${from} to ${to}`,
    );
  }
}
