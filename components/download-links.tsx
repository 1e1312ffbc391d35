import { downloadHrefs } from "@/lib/ui/view-params";

/** The rows the page shows, as files: the same /api/top the page polls, in the page's currency. */
export function DownloadLinks({ limit, vs = "USD" }: { limit: number; vs?: string }) {
  const { csv, json } = downloadHrefs(limit, vs);
  return (
    <p className="downloads">
      <span className="muted">Download the top {limit}:</span>{" "}
      <a href={csv} download={`top-${limit}.csv`}>
        CSV
      </a>{" "}
      <a href={json} download={`top-${limit}.json`}>
        JSON
      </a>
    </p>
  );
}
