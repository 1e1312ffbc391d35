import { expect, type Page, test } from "@playwright/test";
import { RANGES } from "../lib/ui/coin/time-axis";
import { formatPrice } from "../lib/ui/format";
import { auditAtWidths, THEMES, watchPage } from "./page-checks";

interface TopRow {
  rank: number;
  rankingId: string;
  name: string;
  symbol: string;
  priceUsd: number | null;
  priceReason: string | null;
}

async function topRows(page: Page): Promise<TopRow[]> {
  const response = await page.request.get("/api/top");
  expect(response.status()).toBe(200);
  return (await response.json()).data;
}

async function firstPriced(page: Page, filter: (row: TopRow) => boolean = () => true): Promise<TopRow> {
  const row = (await topRows(page)).find((candidate) => candidate.priceUsd !== null && filter(candidate));
  if (!row) throw new Error("the simulator should price at least one matching coin");
  return row;
}

/** Points in the drawn price line: one M or L command per point of a linear curve. */
async function drawnPoints(page: Page): Promise<number> {
  const curve = page.locator("[data-testid=chart-box] .recharts-area-curve");
  await expect(curve).toHaveAttribute("d", /^M/);
  return ((await curve.getAttribute("d")) ?? "").match(/[ML]/g)?.length ?? 0;
}

for (const range of RANGES) {
  test(`the ${range} range draws the price line from every point the history API gave`, async ({ page }) => {
    const coin = await firstPriced(page);
    const history = page.waitForResponse((response) =>
      response.url().endsWith(`/api/coins/${coin.rankingId}/history?range=${range}`),
    );
    await page.goto(`/coins/${coin.rankingId}?range=${range}`);
    const response = await history;
    expect(response.status(), `GET /api/coins/${coin.rankingId}/history?range=${range}`).toBe(200);
    const body: { points: unknown[] } = await response.json();
    await expect(page.getByRole("button", { name: range, exact: true })).toHaveAttribute("aria-pressed", "true");
    const points = await drawnPoints(page);
    expect(points).toBeGreaterThan(1);
    expect(points).toBe(body.points.length);
    await expect(page.getByTestId("chart-summary")).toContainText(`(${body.points.length} points)`);
  });
}

test("the range buttons switch the chart and keep the range in the URL", async ({ page }) => {
  const coin = await firstPriced(page);
  await page.goto(`/coins/${coin.rankingId}`);
  await expect(page.getByRole("button", { name: "7d", exact: true })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("button", { name: "24h", exact: true }).click();
  await expect(page).toHaveURL(/[?&]range=24h\b/);
  await expect(page.getByRole("button", { name: "24h", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("button", { name: "7d", exact: true })).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByTestId("chart-box")).toHaveAttribute("data-range", "24h");
  await page.reload();
  await expect(page.getByRole("button", { name: "24h", exact: true })).toHaveAttribute("aria-pressed", "true");
});

test("the server's HTML already holds the stats; the chart is left to the browser", async ({ page }) => {
  const coin = await firstPriced(page);
  const html = await (await page.request.get(`/coins/${coin.rankingId}`)).text();
  expect(html).toContain(formatPrice(coin.priceUsd ?? 0));
  expect(html).toContain("Market cap");
  expect(html).toContain("Loading the price history for the last 7 days");
  expect(html).not.toContain("recharts-surface");
});

test("the chart says why it has no line: an error with a retry, then an empty history", async ({ page }) => {
  const coin = await firstPriced(page);
  // A fake that speaks the endpoint's wire format: first its 503 envelope, then an empty series.
  let answer: { status: number; json: unknown } = {
    status: 503,
    json: { error: { code: "no_data", message: "no price history yet; try again shortly" } },
  };
  await page.route(`**/api/coins/${coin.rankingId}/history?range=7d`, (route) => route.fulfill(answer));
  await page.goto(`/coins/${coin.rankingId}?range=7d`);
  const box = page.getByTestId("chart-box");
  // 5xx answers are retried twice before the error shows.
  await expect(box).toContainText("The price history could not be loaded.", { timeout: 15_000 });
  await expect(box).toContainText("no price history yet; try again shortly");
  answer = {
    status: 200,
    json: { id: coin.rankingId, symbol: coin.symbol, name: coin.name, range: "7d", resolution: "hour", points: [] },
  };
  await box.getByRole("button", { name: "Try again" }).click();
  await expect(box).toContainText("No history yet");
  await expect(box.locator(".recharts-area-curve")).toHaveCount(0);
});

test("the stats show the price /api/top gives for the coin, and its rank", async ({ page }) => {
  for (const filter of [(row: TopRow) => (row.priceUsd ?? 0) >= 1, (row: TopRow) => (row.priceUsd ?? 1) < 1]) {
    // Retried as a whole: a new price snapshot may land between the API call and the page.
    await expect(async () => {
      const coin = await firstPriced(page, filter);
      await page.goto(`/coins/${coin.rankingId}`);
      await expect(page.getByRole("heading", { level: 1 })).toContainText(coin.name);
      await expect(page.getByTestId("coin-price")).toHaveText(formatPrice(coin.priceUsd ?? 0), { timeout: 1000 });
      await expect(page.getByTestId("rank-line")).toContainText(`Rank #${coin.rank}`);
    }).toPass({ timeout: 30_000 });
  }
  await expect(page).toHaveTitle(/price · Top Coins$/);
  await expect(page.getByTestId("price-source")).toContainText("coinmarketcap");
});

test("a coin without a price shows a dash and the reason", async ({ page }) => {
  // The simulator ranks a coin that CoinMarketCap does not list, on purpose.
  const coin = (await topRows(page)).find((row) => row.priceUsd === null);
  expect(coin, "an unpriced coin in /api/top").toBeDefined();
  await page.goto(`/coins/${coin?.rankingId}`);
  await expect(page.getByTestId("coin-price")).toHaveText("—");
  await expect(page.getByText(coin?.priceReason ?? "")).toBeVisible();
});

test("a malformed or unknown coin id is a 404 with a way back", async ({ page }) => {
  for (const path of ["/coins/not%20an%20id!", `/coins/${"x".repeat(65)}`, "/coins/no-such-coin"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Coin not found" })).toBeVisible();
    await expect(page.getByRole("main").getByRole("link", { name: "Top coins" })).toHaveAttribute("href", "/");
  }
});

for (const theme of THEMES) {
  test(`the coin page passes axe in the ${theme} theme, loads nothing from elsewhere, logs no error`, async ({
    page,
    baseURL,
  }, testInfo) => {
    const coin = await firstPriced(page);
    // Two page loads and two axe runs per theme: more than the default minute on a busy 2-core machine.
    test.slow();
    const watch = watchPage(page, baseURL);
    await auditAtWidths(page, testInfo, "coin", theme, async () => {
      await page.goto(`/coins/${coin.rankingId}?range=7d`);
      // Settled: the line is drawn, or the chart says why not.
      await expect(
        page.locator("[data-testid=chart-box] .recharts-area-curve, [data-testid=chart-box] [role=status] strong"),
      ).toBeVisible();
    });
    expect(watch.foreign).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
}
