import type { Metadata } from "next";
import { ApiDocs } from "@/components/api-docs/api-docs";
import { getConfig } from "@/lib/config";
import { buildOpenApiDocument } from "@/lib/web/openapi";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "API · Top Coins",
  description: "Every endpoint of the Top Coins HTTP API: parameters, responses and examples.",
};

export default function DocsPage() {
  // The same document /api/openapi.json serves, for this server's RANKING_DEPTH.
  const document = buildOpenApiDocument(getConfig().RANKING_DEPTH);
  return (
    <main id="main" className="page">
      <div className="page-head">
        <div>
          <h1>API</h1>
          <p className="lede">
            Public, read-only, JSON unless stated. The contract as OpenAPI 3.1:{" "}
            <a href="/api/openapi.json">/api/openapi.json</a>.
          </p>
        </div>
      </div>
      <ApiDocs document={document} />
    </main>
  );
}
