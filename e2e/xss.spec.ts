// A coin whose upstream name is markup is shown as text on every page, rendered by the server and
// by the browser alike: no element is made of it and no script runs. The simulator renames the
// coin at both providers; the name is put back at the end, since every spec shares the stack.
import { expect, type Page, test } from "@playwright/test";
import { COIN_ROWS } from "./page-checks";

const HOSTILE = "<img src=x onerror=alert(1)>";
const RANK = 3;

interface Renamed {
  ccId: string;
  previous: { name: string; symbol: string };
}
interface TopRow {
  rank: number;
  id: string;
  rankingId: string;
  symbol: string;
  name: string;
}

/** What a successful injection would leave: an <img src="x">, or any element that names the handler. */
async function injected(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelectorAll('img[src="x"], [onerror]').length);
}

async function apiRow(page: Page, name: string): Promise<TopRow | undefined> {
  const body = (await (await page.request.get("/api/top?limit=50")).json()) as { data: TopRow[] };
  return body.data.find((row) => row.name === name);
}

test("a coin named with markup is text on the dashboard, its coin page and the market page", async ({ page }) => {
  test.slow();
  const sim = process.env.E2E_SIM_URL;
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  // The dashboard is open before the rename: the new name first arrives through the browser's poll.
  await page.goto("/?limit=10");
  await expect(page.locator(COIN_ROWS)).toHaveCount(10);
  const rename = await page.request.post(`${sim}/_sim/rename`, { data: { rank: RANK, name: HOSTILE } });
  expect(rename.ok()).toBe(true);
  const renamed = (await rename.json()) as Renamed;
  try {
    const hostileText = page.getByText(HOSTILE, { exact: true });
    await expect(page.locator(COIN_ROWS).getByRole("rowheader").filter({ hasText: HOSTILE })).toHaveCount(1, {
      timeout: 30_000,
    });
    expect(await injected(page)).toBe(0);

    await expect.poll(() => apiRow(page, HOSTILE), { timeout: 15_000 }).toBeDefined();
    const row = (await apiRow(page, HOSTILE)) as TopRow;
    expect(row.rankingId).toBe(renamed.ccId);

    // The same pages as the server renders them.
    await page.goto("/?limit=10");
    await expect(page.locator(COIN_ROWS).getByRole("rowheader").filter({ hasText: HOSTILE })).toBeVisible();
    expect(await injected(page)).toBe(0);

    await page.goto(`/coins/${row.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(HOSTILE);
    await expect(page).toHaveTitle(`${HOSTILE} (${row.symbol}) price · Top Coins`);
    expect(await injected(page)).toBe(0);

    await page.goto("/market?limit=50");
    const bubble = page.locator(`[data-testid=scatter-box] circle[data-coin-id="${row.id}"]`);
    await expect(bubble).toHaveCount(1, { timeout: 15_000 });
    // The tooltip is drawn by the browser (recharts); the table by the server. The bubble may lie
    // under others, so the pointer event goes to it directly.
    await bubble.dispatchEvent("mouseover");
    await expect(page.locator(".recharts-tooltip-wrapper")).toContainText(HOSTILE);
    await page.locator("details summary").click();
    await expect(page.getByTestId("liquidity-table").getByRole("link", { name: HOSTILE, exact: true })).toBeVisible();
    await expect(hostileText.first()).toBeVisible();
    expect(await injected(page)).toBe(0);
    // An image error handler would have fired by now; give a late one a moment anyway.
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
  } finally {
    // Put the name back at the coin's rank now (another spec may have moved it since).
    const truth = (await (await page.request.get(`${sim}/_sim/truth?limit=200`)).json()) as {
      rows: { rank: number; ccId: string }[];
    };
    const rank = truth.rows.find((candidate) => candidate.ccId === renamed.ccId)?.rank ?? RANK;
    const back = await page.request.post(`${sim}/_sim/rename`, { data: { rank, name: renamed.previous.name } });
    expect(back.ok()).toBe(true);
  }
  await expect.poll(() => apiRow(page, renamed.previous.name), { timeout: 15_000 }).toBeDefined();
});
