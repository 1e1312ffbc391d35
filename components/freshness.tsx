"use client";
// "updated 12 s ago" for each source, ticking every second, a banner for a stale source, and a
// note when a source is served by a fallback or by CoinGecko's keyless API.
// Only this component re-renders on the tick; the table does not.
import { useEffect, useState } from "react";
import { formatAge } from "@/lib/ui/numbers";
import { ageSeconds, isStaleAt, type SourceFreshness } from "@/lib/ui/top-payload";

interface FreshnessProps {
  ranking: SourceFreshness;
  pricing: SourceFreshness;
  /** When the server built the data; the clock until the page is live, so server and client agree. */
  generatedAt: string;
}

function useNow(): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

const ROLE_LABEL = { ranking: "Ranked by", pricing: "Priced by" } as const;

function SourceAge({ source, now }: { source: SourceFreshness; now: number }) {
  const age = ageSeconds(source.checkedAt, now);
  return (
    <span className="source-age" data-source={source.source}>
      {ROLE_LABEL[source.source]} <strong>{source.provider}</strong>,{" "}
      <time dateTime={source.checkedAt ?? undefined}>
        {age === null ? "never updated" : `updated ${formatAge(age)}`}
      </time>
    </span>
  );
}

export function Freshness({ ranking, pricing, generatedAt }: FreshnessProps) {
  const live = useNow();
  const now = live ?? Date.parse(generatedAt);
  const stale = [ranking, pricing].filter((source) => isStaleAt(source, now));
  return (
    <>
      <p className="freshness">
        {/* Pulses once the page keeps itself current (after hydration); amber when a source is stale. */}
        <span
          className={stale.length > 0 ? "live-dot stale" : "live-dot"}
          data-live={live !== null || undefined}
          aria-hidden="true"
        />
        <SourceAge source={ranking} now={now} />
        <span aria-hidden="true"> · </span>
        <SourceAge source={pricing} now={now} />
      </p>
      <ProviderNotes sources={[ranking, pricing]} />
      {stale.map((source) => {
        const age = ageSeconds(source.checkedAt, now);
        return (
          <p key={source.source} className="banner banner-warn" role="alert">
            <strong>Stale {source.source} data.</strong> {source.provider} has not confirmed it for{" "}
            {age === null ? "ever" : formatAge(age).replace(" ago", "")}; the page shows the last good data.
            {source.lastError ? ` Last error: ${source.lastError}` : ""}
          </p>
        );
      })}
    </>
  );
}

/** Why a source is not served by its configured provider: a failover, or keyless CoinGecko. */
function ProviderNotes({ sources }: { sources: SourceFreshness[] }) {
  return sources.map((source) => {
    const selection = source.selection;
    if (!selection || selection.reason === null) return null;
    if (selection.mode === "failover") {
      return (
        <p key={source.source} className="banner banner-warn" role="status" data-selection="failover">
          <strong>
            {source.provider} serves the {source.source} in place of {selection.primary}.
          </strong>{" "}
          {selection.reason}
        </p>
      );
    }
    if (selection.mode === "keyless_default") {
      return (
        <p key={source.source} className="banner banner-info" role="note" data-selection="keyless_default">
          <strong>Keyless {source.source}:</strong> {selection.reason}
        </p>
      );
    }
    return null;
  });
}
