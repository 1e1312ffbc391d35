// The integration project's contract check (a setup file): every answer that a test's fetch() gets
// from a Top Coins web server the harness started (harness/web-origins.ts) under /api/ is checked
// against the OpenAPI document (test/support/contract.ts). A violation fails the test that
// received the answer, in afterEach. The body is read from a clone, so the test reads its own.
// Not checked: requests made with node:http or from a child process (the CLI), answers from
// stand-in servers and the simulator, OPTIONS preflights, server-sent event streams, and bodies a
// test abandons (an aborted request).
import { afterAll, afterEach } from "vitest";
import { isWebOrigin } from "@/harness/web-origins";
import { buildOpenApiDocument } from "@/lib/web/openapi";
import { ContractChecker } from "./contract";

// The document does not depend on the depth but for limit's bounds, which the check never reads.
let checker: ContractChecker | undefined;
const pending: Array<Promise<string[]>> = [];
const BODY_WAIT_MS = 15_000;

function requestOf(input: RequestInfo | URL, init?: RequestInit): { method: string; url: string } {
  if (input instanceof Request) return { method: init?.method ?? input.method, url: input.url };
  return { method: init?.method ?? "GET", url: input instanceof URL ? input.href : String(input) };
}

/** The body of a clone, or null when it cannot be read whole in time (a stream, an abort). */
async function bodyOf(response: Response): Promise<string | null> {
  const type = response.headers.get("content-type") ?? "";
  if (type.startsWith("text/event-stream") || response.body === null) return response.body === null ? "" : null;
  const clone = response.clone();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      void clone.body?.cancel().catch(() => undefined);
      resolve(null);
    }, BODY_WAIT_MS);
  });
  try {
    return await Promise.race([clone.text(), timeout]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

async function check(method: string, url: string, response: Response): Promise<string[]> {
  const body = method === "HEAD" ? null : await bodyOf(response);
  checker ??= new ContractChecker(buildOpenApiDocument(200));
  const contentType = response.headers.get("content-type");
  // The request as the test wrote it, and where a redirect led.
  const final = response.url || url;
  const asked = `${new URL(final).pathname}${new URL(final).search}`;
  const shown = `${method} ${asked.length > 160 ? `${asked.slice(0, 160)}…` : asked}`;
  return checker
    .check({ method, url: final, status: response.status, contentType, body })
    .map((line) => `${shown} → ${response.status}: ${line}`);
}

const unchecked = globalThis.fetch;
globalThis.fetch = async function checkedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await unchecked(input, init);
  const { method, url } = requestOf(input, init);
  const parsed = new URL(url);
  if (method.toUpperCase() !== "OPTIONS" && parsed.pathname.startsWith("/api/") && isWebOrigin(parsed.origin)) {
    pending.push(check(method.toUpperCase(), url, response));
  }
  return response;
};

async function reportViolations(): Promise<void> {
  const violations = (await Promise.all(pending.splice(0))).flat();
  if (violations.length > 0) {
    throw new Error(
      `${violations.length} answer(s) break the API contract (/api/openapi.json):\n${violations.join("\n")}`,
    );
  }
}

afterEach(reportViolations);
// Requests made in beforeAll or afterAll hooks, after the file's last test.
afterAll(reportViolations);
