"use client";
// Before the first snapshots exist the server has nothing to render. This polls until /api/top
// answers, then asks the server to render the page again, so the table appears on its own.
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import "../page-states.css";

const POLL_MS = 3000;

export function NoDataYet({ waitingFor }: { waitingFor: string }) {
  const router = useRouter();
  useEffect(() => {
    let cancelled = false;
    const timer = setInterval(async () => {
      try {
        const response = await fetch("/api/top?limit=1", { cache: "no-store" });
        if (response.ok && !cancelled) router.refresh();
      } catch {
        // The server is restarting; the next poll tries again.
      }
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [router]);
  return (
    <div className="state-panel" role="status">
      <span className="spinner" aria-hidden="true" />
      <div>
        <p className="state-title">Waiting for the first snapshots</p>
        <p className="muted">
          No data yet: the {waitingFor} has not arrived. The table appears here on its own as soon as it does.
        </p>
      </div>
    </div>
  );
}
