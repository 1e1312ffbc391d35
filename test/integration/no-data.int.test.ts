// Before the first data, the API's 503 and /api/health say why in words: the source still missing,
// its provider, the provider's last error and when the service tries again. Real processes: the
// pricing service points at a port where nothing listens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteDatabase, type TestDatabase } from "../../harness/databases";
import { type RunningStack, startStack, waitFor } from "../../harness/stack";

const REASON =
  /^no data yet: waiting for the first pricing snapshot; coinmarketcap \(pricing\) has not delivered: .*(ECONNREFUSED|connection refused|network error).*, next try (in \d+ s|due now)$/;

describe("a stack whose pricing provider has never answered", () => {
  let database: TestDatabase;
  let stack: RunningStack;

  beforeAll(async () => {
    database = await createSqliteDatabase();
    stack = await startStack({
      databaseUrl: database.url,
      refreshSeconds: 20,
      // Nothing listens on port 9 of this host: every pricing fetch fails at once.
      extraEnv: { CMC_BASE_URL: "http://127.0.0.1:9", HTTP_RETRIES: "0" },
      waitForData: false,
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it("answers /api/top and curl's / with a 503 that names the provider, its error and the next try", async () => {
    const message = await waitFor(
      "a 503 naming the pricing provider's error",
      async () => {
        const response = await fetch(`${stack.webUrl}/api/top`);
        if (response.status !== 503) return undefined;
        const body = (await response.json()) as { error: { code: string; message: string } };
        return body.error.message.includes("coinmarketcap (pricing)") ? body.error : undefined;
      },
      30_000,
    );
    expect(message.code).toBe("no_data");
    expect(message.message).toMatch(REASON);
    const seconds = Number(/next try in (\d+) s/.exec(message.message)?.[1] ?? "0");
    expect(seconds).toBeLessThanOrEqual(40);

    const curl = await fetch(`${stack.webUrl}/?limit=5`, { headers: { accept: "*/*" } });
    expect(curl.status).toBe(503);
    expect(((await curl.json()) as { error: { message: string } }).error.message).toMatch(REASON);

    const health = await fetch(`${stack.webUrl}/api/health`);
    expect(health.status).toBe(503);
    const body = (await health.json()) as {
      status: string;
      reason: string;
      store: { waiting: Array<{ role: string; provider: string; lastError: string; nextAttemptAt: string }> };
    };
    expect(body.status).toBe("unavailable");
    expect(body.reason).toMatch(REASON);
    expect(body.store.waiting).toEqual([
      expect.objectContaining({ role: "pricing", provider: "coinmarketcap", nextAttemptAt: expect.any(String) }),
    ]);
  });
});
