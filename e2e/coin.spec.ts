import { expect, type Page, test } from "@playwright/test";
import { RANGES } from "../lib/ui/coin/time-axis";
import { formatPrice } from "../lib/ui/numbers";
import { auditAtWidths, THEMES, watchPage } from "./page-checks";

interface TopRow {
  rank: number;
  id: string;
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

interface HistoryAnswer {
  points: Array<{ t: number; priceUsd: number }>;
}

async function historyOf(page: Page, id: string, range: string): Promise<HistoryAnswer> {
  const response = await page.request.get(`/api/coins/${id}/history?range=${range}`);
  expect(response.status(), `GET /api/coins/${id}/history?range=${range}`).toBe(200);
  return response.json();
}

/** Commands in a path: one M or L per point of a linear line. */
const commands = (d: string | null) => (d ?? "").match(/[ML]/g)?.length ?? 0;

/** Points in the drawn price line, whichever renderer drew it: there is exactly one. */
async function drawnPoints(page: Page): Promise<number> {
  const line = page.locator("[data-testid=chart-box] [data-testid=price-line]");
  await expect(line).toHaveCount(1);
  await expect(line).toHaveAttribute("d", /^M/);
  return commands(await line.getAttribute("d"));
}

/** Collects the page's history requests from now on: the server's data should make them unneeded. */
function historyRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/history?")) seen.push(request.url());
  });
  return seen;
}

/** Points the pointer at the chart, which loads recharts in the static chart's place. */
async function wakeChart(page: Page): Promise<void> {
  const box = page.getByTestId("chart-box");
  await box.hover();
  await expect(box.locator(".recharts-surface")).toBeVisible();
  await expect(box.getByTestId("static-chart")).toHaveCount(0);
}

for (const range of RANGES) {
  test(`the ${range} range draws, from the server's data, every point the history API gives`, async ({ page }) => {
    const coin = await firstPriced(page);
    const requests = historyRequests(page);
    let expected = 0;
    // Retried as a whole: new prices arrive every 2 s, and the page and the API must see the same ones.
    await expect(async () => {
      expected = (await historyOf(page, coin.id, range)).points.length;
      await page.goto(`/coins/${coin.id}?range=${range}`);
      await expect(page.getByTestId("static-chart")).toBeVisible({ timeout: 1000 });
      expect(await drawnPoints(page)).toBe(expected);
    }).toPass({ timeout: 30_000 });
    expect(expected).toBeGreaterThan(1);
    await expect(page.getByRole("button", { name: range, exact: true })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("chart-summary")).toContainText(`(${expected} points)`);
    // recharts draws the very same points in its place, still without asking for them.
    await wakeChart(page);
    expect(await drawnPoints(page)).toBe(expected);
    expect(requests).toEqual([]);
  });
}

test("the range buttons load recharts, draw the range's history and keep the range in the URL", async ({ page }) => {
  const coin = await firstPriced(page);
  await page.goto(`/coins/${coin.id}`);
  await expect(page.getByRole("button", { name: "7d", exact: true })).toHaveAttribute("aria-pressed", "true");
  const history = page.waitForResponse((response) =>
    response.url().endsWith(`/api/coins/${coin.id}/history?range=30d`),
  );
  await page.getByRole("button", { name: "30d", exact: true }).click();
  const response = await history;
  expect(response.status()).toBe(200);
  const body: HistoryAnswer = await response.json();
  await expect(page).toHaveURL(/[?&]range=30d\b/);
  await expect(page.getByRole("button", { name: "30d", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("button", { name: "7d", exact: true })).toHaveAttribute("aria-pressed", "false");
  await expect(page.getByTestId("chart-box")).toHaveAttribute("data-range", "30d");
  await expect(page.getByTestId("chart-box").locator(".recharts-surface")).toBeVisible();
  expect(await drawnPoints(page)).toBe(body.points.length);
  await expect(page.getByTestId("chart-summary")).toContainText(`(${body.points.length} points)`);
  await page.reload();
  await expect(page.getByRole("button", { name: "30d", exact: true })).toHaveAttribute("aria-pressed", "true");
});

test("the server's HTML holds the stats and the chart's line, drawn without recharts", async ({ page }) => {
  const coin = await firstPriced(page);
  await expect(async () => {
    const expected = (await historyOf(page, coin.id, "7d")).points.length;
    const html = await (await page.request.get(`/coins/${coin.id}`)).text();
    expect(html).toContain(formatPrice(coin.priceUsd ?? 0));
    expect(html).toContain("Market cap");
    const line = html.match(/<path[^>]*data-testid="price-line"[^>]*>/g) ?? [];
    expect(line).toHaveLength(1);
    expect(commands(line[0]?.match(/\sd="([^"]*)"/)?.[1] ?? null)).toBe(expected);
    expect(html).toContain(`role="img" aria-label="${coin.name} price in USD over the last 7d"`);
    // An element, not the word: the inlined CSS names recharts' classes.
    expect(html).not.toMatch(/class="[^"]*recharts-surface/);
    expect(html).not.toContain("Loading the price history");
  }).toPass({ timeout: 30_000 });
});

test("hovering the chart loads recharts and shows the price under the pointer", async ({ page }) => {
  const coin = await firstPriced(page);
  await page.goto(`/coins/${coin.id}`);
  await wakeChart(page);
  const surface = page.getByTestId("chart-box").locator(".recharts-surface");
  const area = await surface.boundingBox();
  if (!area) throw new Error("the chart should have a box");
  await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
  const tooltip = page.getByTestId("chart-box").locator(".recharts-tooltip-wrapper");
  await expect(tooltip).toContainText(/\$\d/);
  // The price shown is one of the points the page drew, formatted as everywhere else.
  const prices = (await historyOf(page, coin.id, "7d")).points.map((point) => formatPrice(point.priceUsd));
  const shown = (await tooltip.locator("p").nth(1).textContent()) ?? "";
  expect(prices).toContain(shown);
});

test("focusing the static chart loads recharts and hands the focus to it", async ({ page }) => {
  const coin = await firstPriced(page);
  await page.goto(`/coins/${coin.id}`);
  const still = page.getByRole("img", { name: `${coin.name} price in USD over the last 7d` });
  await still.focus();
  const surface = page.getByTestId("chart-box").locator(".recharts-surface");
  await expect(surface).toBeVisible();
  await expect(surface).toBeFocused();
});

test("the chart says why it has no line: an error with a retry, then an empty history", async ({ page }) => {
  const coin = await firstPriced(page);
  // A fake that speaks the endpoint's wire format: first its 503 envelope, then an empty series.
  let answer: { status: number; json: unknown } = {
    status: 503,
    json: { error: { code: "no_data", message: "no price history yet; try again shortly" } },
  };
  await page.route(`**/api/coins/${coin.id}/history?range=7d`, (route) => route.fulfill(answer));
  // The server draws the first range itself; 7d comes from the browser once the reader picks it.
  await page.goto(`/coins/${coin.id}?range=24h`);
  await expect(page.getByTestId("static-chart")).toBeVisible();
  await page.getByRole("button", { name: "7d", exact: true }).click();
  const box = page.getByTestId("chart-box");
  // 5xx answers are retried twice before the error shows.
  await expect(box).toContainText("The price history could not be loaded.", { timeout: 15_000 });
  await expect(box).toContainText("no price history yet; try again shortly");
  answer = {
    status: 200,
    json: { id: coin.id, symbol: coin.symbol, name: coin.name, range: "7d", resolution: "hour", points: [] },
  };
  await box.getByRole("button", { name: "Try again" }).click();
  await expect(box).toContainText("No history yet");
  await expect(box.getByTestId("price-line")).toHaveCount(0);
});

test("the stats show the price /api/top gives for the coin, and its rank", async ({ page }) => {
  for (const filter of [(row: TopRow) => (row.priceUsd ?? 0) >= 1, (row: TopRow) => (row.priceUsd ?? 1) < 1]) {
    // Retried as a whole: a new price snapshot may land between the API call and the page.
    await expect(async () => {
      const coin = await firstPriced(page, filter);
      await page.goto(`/coins/${coin.id}`);
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
  await page.goto(`/coins/${coin?.id}`);
  await expect(page.getByTestId("coin-price")).toHaveText("—");
  await expect(page.getByText(coin?.priceReason ?? "")).toBeVisible();
});

test("an older link by the ranking provider's id leads to the coin's page at its stable id, its query kept", async ({
  page,
}) => {
  const coin = await firstPriced(page);
  expect(coin.id).not.toBe(coin.rankingId);
  await page.goto(`/coins/${coin.rankingId}?range=30d`);
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(`/coins/${coin.id}?range=30d`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(coin.name);
  // The page says which coin this is at every provider.
  await expect(page.getByTestId("provider-ids")).toContainText(coin.rankingId);
});

test("a malformed or unknown coin id is a 404 with a way back", async ({ page }) => {
  for (const path of ["/coins/not%20an%20id!", `/coins/${"x".repeat(129)}`, "/coins/no-such-coin"]) {
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
    await auditAtWidths(
      page,
      testInfo,
      "coin",
      theme,
      async () => {
        await page.goto(`/coins/${coin.id}?range=7d`);
        // The server's static chart is there from the start: the screenshot and axe see it.
        await expect(page.getByTestId("static-chart")).toBeVisible();
      },
      // Then recharts in its place, so axe checks both renderers.
      () => wakeChart(page),
    );
    expect(watch.foreign).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
}
