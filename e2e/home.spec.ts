import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startStack } from "../harness/stack";
import { COIN_ROWS } from "./page-checks";

test("the home page shows the ranked table with prices and says the data is simulated", async ({ page }) => {
  const api = await (await page.request.get("/api/top?limit=10")).json();
  await page.goto("/?limit=10");
  await expect(page.getByRole("heading", { name: "Top Coins" })).toBeVisible();
  await expect(page.getByRole("note")).toContainText("Simulated data");
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(10);
  const first = api.data[0];
  await expect(rows.first().locator(".rank-number")).toHaveText("1");
  await expect(rows.first().getByRole("rowheader")).toContainText(first.name);
});

test("no page breaks its Content-Security-Policy: scripts run, nothing is refused", async ({ page }) => {
  const refused: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });
  for (const path of ["/?limit=10", "/market", "/coins/1182"]) {
    const response = await page.goto(path);
    expect(response?.headers()["content-security-policy"], path).toContain("'strict-dynamic'");
    // Hydrated: the theme toggle answers a click.
    const html = page.locator("html");
    const before = await html.getAttribute("data-theme");
    await page.getByRole("button", { name: /theme/i }).click();
    await expect(html).not.toHaveAttribute("data-theme", before ?? "");
  }
  expect(refused).toEqual([]);
});

test("a bad limit shows the error in the page, with a 400", async ({ page }) => {
  const response = await page.goto("/?limit=abc");
  expect(response?.status()).toBe(400);
  await expect(page.locator("main").getByRole("alert")).toHaveText('limit must be an integer from 1 to 200; got "abc"');
  await expect(page.getByRole("link", { name: "Show the top 200 coins" })).toHaveAttribute("href", "/");
  for (const limit of ["0", "201", "-1", "1e2", "%20"]) {
    expect((await page.request.get(`/?limit=${limit}`, { headers: { accept: "text/html" } })).status(), limit).toBe(
      400,
    );
  }
  expect((await page.request.get("/?limit=200", { headers: { accept: "text/html" } })).status()).toBe(200);
});

test("before the first snapshots the page says what it waits for, then shows the table on its own", async ({
  page,
}) => {
  test.setTimeout(120_000);
  // A stack of its own, on an empty store, whose pricing provider fails from the very start.
  const dir = mkdtempSync(path.join(tmpdir(), "topcoins-e2e-empty-"));
  const stack = await startStack({
    databaseUrl: `file:${path.join(dir, "empty.db")}`,
    refreshSeconds: 1,
    waitForData: false,
    beforeServices: async (simUrl) => {
      const fault = await fetch(`${simUrl}/_sim/fault`, {
        method: "POST",
        body: JSON.stringify({ target: "coinmarketcap", mode: "status", status: 500 }),
      });
      expect(fault.ok).toBe(true);
    },
  });
  try {
    const response = await page.goto(stack.webUrl);
    expect(response?.status()).toBe(200);
    const status = page.locator("main").getByRole("status");
    await expect(status).toContainText("Waiting for the first snapshots");
    await expect(status).toContainText("pricing data has not arrived");
    await expect(page.locator("table")).toHaveCount(0);
    const api = await page.request.get(`${stack.webUrl}/api/top`);
    expect(api.status()).toBe(503);
    expect(api.headers()["retry-after"]).toBe("5");
    expect((await api.json()).error.code).toBe("no_data");
    const health = await page.request.get(`${stack.webUrl}/api/health`);
    expect(health.status()).toBe(503);
    expect(await health.json()).toMatchObject({ status: "unavailable", sources: null });
    await page.evaluate(() => {
      (window as Window & { __sameDocument?: boolean }).__sameDocument = true;
    });
    // The provider recovers: the table appears without a reload.
    await page.request.delete(`${stack.simUrl}/_sim/fault`);
    await expect(page.locator(COIN_ROWS).first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText("Waiting for the first snapshots")).toHaveCount(0);
    expect(await page.evaluate(() => (window as Window & { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    // The same web process now serves the API and reports health, without a restart.
    const served = await page.request.get(`${stack.webUrl}/api/top?limit=5`);
    expect(served.status()).toBe(200);
    expect((await served.json()).data).toHaveLength(5);
    const healthy = await page.request.get(`${stack.webUrl}/api/health`);
    expect(healthy.status()).toBe(200);
    expect((await healthy.json()).status).toMatch(/^(ok|degraded)$/);
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
