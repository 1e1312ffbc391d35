import { expect, type Page, test } from "@playwright/test";
import { isPlottable, type LiquidityRow, topShare } from "../lib/ui/market/liquidity";
import { auditAtWidths, THEMES, watchPage } from "./page-checks";

async function topRows(page: Page, limit: number): Promise<LiquidityRow[]> {
  const response = await page.request.get(`/api/top?limit=${limit}`);
  expect(response.status()).toBe(200);
  return (await response.json()).data;
}

const bubbles = (page: Page) => page.locator("[data-testid=scatter-box] circle[data-coin-id]");
const percent = new Intl.NumberFormat("en-US", {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

for (const limit of [50, 100, 200]) {
  test(`the top ${limit} scatter draws one bubble per coin with a market cap and volume`, async ({ page }) => {
    // Retried as a whole: a new snapshot may land between the API call and the page.
    await expect(async () => {
      const rows = await topRows(page, limit);
      const plottable = rows.filter(isPlottable).map((row) => row.id);
      await page.goto(`/market?limit=${limit}`);
      await expect(bubbles(page)).toHaveCount(plottable.length, { timeout: 5000 });
      const drawn = await bubbles(page).evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-coin-id")));
      expect(drawn.sort()).toEqual([...plottable].sort());
      const leftOut = rows.length - plottable.length;
      await expect(page.getByTestId("plot-count")).toContainText(
        `${plottable.length} of the top ${rows.length} coins plotted${leftOut > 0 ? `; ${leftOut} left out` : ". None left out."}`,
      );
      await expect(page.getByTestId("liquidity-table").locator("tbody tr")).toHaveCount(plottable.length);
      const share = topShare(rows).share;
      await expect(page.getByTestId("top-share")).toHaveText(share === null ? "" : percent.format(share));
    }).toPass({ timeout: 30_000 });
  });
}

test("the server's HTML holds the share and the table; the scatter is left to the browser", async ({ page }) => {
  const html = await (await page.request.get("/market?limit=50")).text();
  expect(html).toContain('data-testid="top-share"');
  expect(html).toContain('data-testid="liquidity-table"');
  expect(html).toContain("Drawing the chart…");
  expect(html).not.toContain("data-coin-id");
});

test("the limit selector keeps the limit in the URL and marks the current one", async ({ page }) => {
  await page.goto("/market");
  await expect(page.getByRole("link", { name: "Top 100" })).toHaveAttribute("aria-current", "page");
  await page.getByRole("link", { name: "Top 50" }).click();
  await expect(page).toHaveURL(/\/market\?limit=50$/);
  await expect(page.getByRole("link", { name: "Top 50" })).toHaveAttribute("aria-current", "page");
  await expect(bubbles(page).first()).toBeVisible();
  expect(await bubbles(page).count()).toBeLessThanOrEqual(50);
  // A limit the page does not offer is refused as `/` refuses one: a 400, in words, and no chart.
  const refused = await page.goto("/market?limit=75");
  expect(refused?.status()).toBe(400);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    'limit must be one of 50, 100, 200; got "75". Pick one above.',
  );
  await expect(bubbles(page)).toHaveCount(0);
  await page.goto("/market?limit=abc");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    'limit must be one of 50, 100, 200; got "abc". Pick one above.',
  );
});

test("a click on a bubble opens that coin's page", async ({ page }) => {
  await page.goto("/market?limit=50");
  // The last bubble is drawn on top of the others, so nothing covers it.
  const bubble = bubbles(page).last();
  const id = await bubble.getAttribute("data-coin-id");
  const row = (await topRows(page, 50)).find((candidate) => candidate.id === id);
  await bubble.hover();
  await expect(page.locator(".recharts-tooltip-wrapper")).toContainText(row?.name ?? "?");
  await bubble.click();
  await expect(page).toHaveURL(new RegExp(`/coins/${id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(row?.name ?? "?");
});

for (const theme of THEMES) {
  test(`the market page passes axe in the ${theme} theme, loads nothing from elsewhere, logs no error`, async ({
    page,
    baseURL,
  }, testInfo) => {
    // Two page loads and two axe runs per theme: more than the default minute on a busy 2-core machine.
    test.slow();
    const watch = watchPage(page, baseURL);
    await auditAtWidths(
      page,
      testInfo,
      "market",
      theme,
      async () => {
        await page.goto("/market?limit=100");
        await expect(bubbles(page).first()).toBeVisible();
      },
      async () => {
        // axe checks the table too, which the screenshot leaves folded.
        await page.locator("details summary").click();
        await expect(page.getByTestId("liquidity-table")).toBeVisible();
      },
    );
    expect(watch.foreign).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
}
