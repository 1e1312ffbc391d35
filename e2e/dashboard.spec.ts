import { expect, type Page, test } from "@playwright/test";
import { formatPrice } from "../lib/ui/numbers";
import { COIN_ROWS, renderAllRows } from "./page-checks";

// Columns of the top table, 1-based as :nth-child counts them.
const COLUMN = { rank: 1, coin: 2, price: 3, change24h: 5 } as const;

function cells(page: Page, column: number) {
  return page.locator(`${COIN_ROWS} > :nth-child(${column})`);
}

/** "$97,123.46" → 97123.46, "▲+1.23%" → 1.23, "—" (no value) → null. */
function parseNumber(text: string): number | null {
  const match = text.replace(/,/g, "").match(/[-+]?\d+(\.\d+)?/);
  return text.trim().startsWith("—") || !match ? null : Number(match[0]);
}

async function columnValues(page: Page, column: number): Promise<(number | null)[]> {
  return (await cells(page, column).allInnerTexts()).map(parseNumber);
}

function expectOrdered(values: (number | null)[], dir: "asc" | "desc") {
  const present = values.filter((v): v is number => v !== null);
  expect(present.length).toBeGreaterThan(5);
  // Nulls last, whatever the direction.
  expect(values.slice(0, present.length)).toEqual(present);
  const sorted = [...present].sort((a, b) => (dir === "asc" ? a - b : b - a));
  expect(present).toEqual(sorted);
}

test("the row count follows the limit selector and the URL", async ({ page }) => {
  await page.goto("/?limit=10");
  await expect(page.locator(COIN_ROWS)).toHaveCount(10);
  await expect(page.getByLabel("Show")).toHaveValue("10");
  await page.evaluate(() => {
    (window as Window & { __sameDocument?: boolean }).__sameDocument = true;
  });
  await page.getByLabel("Show").selectOption("50");
  await expect(page).toHaveURL(/[?&]limit=50\b/);
  await renderAllRows(page, 50);
  // A client navigation: the server rendered the new rows without a full page load.
  expect(await page.evaluate(() => (window as Window & { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await expect(page.getByRole("link", { name: "CSV" })).toHaveAttribute("href", "/api/top?limit=50&format=csv");
  await page.goto("/?limit=100");
  await renderAllRows(page, 100);
  await page.goto("/");
  await renderAllRows(page, 200);
});

test("the server sends the first screen of rows; the rest render as the reader scrolls to them", async ({ page }) => {
  const api: { data: { name: string }[] } = await (await page.request.get("/api/top?limit=200")).json();
  const html = await (await page.request.get("/?limit=200", { headers: { accept: "text/html" } })).text();
  // 24 coin rows in the HTML, and one row holding the height of the other 176.
  expect(html.match(/<th scope="row"/g)?.length).toBe(24);
  expect(html).toContain("calc(var(--row-height) * 176)");
  await page.setViewportSize({ width: 1280, height: 700 });
  await page.goto("/?limit=200");
  const rows = page.locator(COIN_ROWS);
  await expect(rows).toHaveCount(24);
  // The page is already as long as the whole table, so the scroll bar does not jump as rows arrive.
  const rowHeight = await rows.first().evaluate((row) => row.getBoundingClientRect().height);
  const spacer = await page.locator("tbody tr.pending-rows").evaluate((row) => row.getBoundingClientRect().height);
  expect(spacer).toBeCloseTo(176 * rowHeight, 0);
  // Scrolling toward the end renders the next rows ahead of the reader, until all are there.
  await page.mouse.move(640, 400);
  await expect(async () => {
    await page.mouse.wheel(0, 1500);
    await expect(rows).toHaveCount(200, { timeout: 300 });
  }).toPass({ timeout: 20_000 });
  await expect(page.locator("tbody tr.pending-rows")).toHaveCount(0);
  await expect(rows.last().getByRole("rowheader")).toContainText(api.data[199]?.name ?? "");
});

for (const [name, column] of [
  ["Price", COLUMN.price],
  ["24h", COLUMN.change24h],
] as const) {
  test(`sorting by ${name} orders the values both ways and is kept in the URL`, async ({ page }) => {
    await page.goto("/?limit=50");
    await renderAllRows(page, 50);
    const header = page.getByRole("columnheader", { name: new RegExp(`^${name}`) });
    const key = name === "Price" ? "price" : "change24h";
    await header.getByRole("button").click();
    await expect(page).toHaveURL(new RegExp(`sort=${key}&dir=desc`));
    await expect(header).toHaveAttribute("aria-sort", "descending");
    expectOrdered(await columnValues(page, column), "desc");
    // The keyboard works too: Enter on the focused header button flips the order.
    await header.getByRole("button").focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`sort=${key}&dir=asc`));
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    expectOrdered(await columnValues(page, column), "asc");
    // A shared link opens the same view.
    await page.reload();
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    await renderAllRows(page, 50);
    expectOrdered(await columnValues(page, column), "asc");
  });
}

test("search narrows the rows to matching names or symbols and restores them when cleared", async ({ page }) => {
  const api = await (await page.request.get("/api/top?limit=50")).json();
  const names: { name: string; symbol: string }[] = api.data;
  const expected = names.filter((c) => `${c.name} ${c.symbol}`.toLowerCase().includes("co")).length;
  await page.goto("/?limit=50");
  const search = page.getByRole("searchbox", { name: "Search" });
  // The shortcut works once the page is hydrated; until then "/" does nothing, so press it again.
  await expect(async () => {
    await page.keyboard.press("/");
    await expect(search).toBeFocused({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await page.keyboard.type("co");
  await expect(page.locator(COIN_ROWS)).toHaveCount(expected);
  await expect(page).toHaveURL(/[?&]q=co\b/);
  for (const text of await cells(page, COLUMN.coin).allInnerTexts()) expect(text.toLowerCase()).toContain("co");
  await search.fill("no such coin at all");
  await expect(page.locator("tbody")).toContainText("No coin matches");
  await search.fill("");
  await expect(page.locator(COIN_ROWS)).toHaveCount(50);
});

test("after a simulator tick the table shows the new prices without a reload", async ({ page }) => {
  await page.goto("/?limit=10");
  const firstPrice = cells(page, COLUMN.price).first();
  const before = await firstPrice.textContent();
  await page.evaluate(() => {
    (window as Window & { __sameDocument?: boolean }).__sameDocument = true;
  });
  const tick = await page.request.post(`${process.env.E2E_SIM_URL}/_sim/tick`);
  expect(tick.ok()).toBe(true);
  await expect
    .poll(
      async () => {
        const api = await (await page.request.get("/api/top?limit=10")).json();
        const shown = await firstPrice.textContent();
        return shown !== before && shown === formatPrice(api.data[0].priceUsd);
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toBe(true);
  expect(await page.evaluate(() => (window as Window & { __sameDocument?: boolean }).__sameDocument)).toBe(true);
});

test("a rank swap at the provider shows as rank movement, without a reload", async ({ page }) => {
  await page.goto("/?limit=10");
  const before = await (await page.request.get("/api/top?limit=2")).json();
  const swap = await page.request.post(`${process.env.E2E_SIM_URL}/_sim/swap`, { data: { ranks: [1, 2] } });
  expect(swap.ok()).toBe(true);
  await expect
    .poll(async () => (await (await page.request.get("/api/top?limit=2")).json()).data[0].rankingId, {
      timeout: 30_000,
    })
    .toBe(before.data[1].rankingId);
  const rows = page.locator(COIN_ROWS);
  await expect(rows.nth(0).getByRole("rowheader")).toContainText(before.data[1].name, { timeout: 15_000 });
  await expect(rows.nth(0).locator(".rank-move")).toHaveText("▲1up 1 place since the previous ranking");
  await expect(rows.nth(1).locator(".rank-move")).toHaveAttribute("title", "down 1 place since the previous ranking");
});

test("a source that stops confirming its data gets a visible stale banner", async ({ page }) => {
  const sim = process.env.E2E_SIM_URL;
  // Next's route announcer is an alert too: look inside main only.
  const alerts = page.locator("main").getByRole("alert");
  await page.goto("/?limit=10");
  await expect(alerts).toHaveCount(0);
  // Pricing's primary and its fallback both fail, so nothing confirms the prices.
  await page.request.post(`${sim}/_sim/fault`, { data: { target: "coinmarketcap", mode: "status", status: 500 } });
  await page.request.post(`${sim}/_sim/fault`, { data: { target: "coingecko", mode: "status", status: 500 } });
  try {
    // Stale after 3 refresh intervals (2 s each in the test stack) without a confirmed fetch.
    await expect(alerts).toContainText("Stale pricing data", { timeout: 30_000 });
  } finally {
    await page.request.delete(`${sim}/_sim/fault`);
  }
  await expect(alerts).toHaveCount(0, { timeout: 45_000 });
});

test("a failover to the fallback provider is said on the page, and goes once the primary is back", async ({ page }) => {
  const sim = process.env.E2E_SIM_URL;
  const note = page.locator('main [data-selection="failover"]');
  await page.goto("/?limit=10");
  await expect(note).toHaveCount(0);
  // A refused key moves pricing to CoinGecko in the same cycle.
  await page.request.post(`${sim}/_sim/fault`, {
    data: { target: "coinmarketcap", mode: "error_code", errorCode: 1001 },
  });
  try {
    await expect(note).toContainText("coingecko serves the pricing in place of coinmarketcap.", { timeout: 15_000 });
    await expect(note).toContainText(/coinmarketcap failed \(auth: .*\); coingecko serves the pricing until/);
    await expect(page.locator(".freshness [data-source=pricing] strong")).toHaveText("coingecko");
  } finally {
    await page.request.delete(`${sim}/_sim/fault`);
  }
  // The primary is tried again every 2 s in the test stack.
  await expect(note).toHaveCount(0, { timeout: 20_000 });
  await expect(page.locator(".freshness [data-source=pricing] strong")).toHaveText("coinmarketcap");
});

test("a price the two providers disagree on is marked ≠, with the ranking provider's price in words", async ({
  page,
}) => {
  const sim = process.env.E2E_SIM_URL;
  // CryptoCompare (ranking) now reports the third coin 8% above CoinMarketCap's price.
  const skew = await page.request.post(`${sim}/_sim/skew`, { data: { rank: 3, provider: "cryptocompare", pct: 8 } });
  const { symbol } = (await skew.json()) as { symbol: string };
  // The page ranks by CryptoCompare too: the coin is in the third row.
  const row = page.locator(COIN_ROWS).nth(2);
  const price = row.locator("td.price");
  try {
    await page.goto("/?limit=10");
    await expect(row.getByRole("rowheader")).toContainText(symbol);
    await expect(price.locator(".price-check")).toHaveText("≠", { timeout: 15_000 });
    const api = (await (await page.request.get("/api/top?limit=10")).json()) as {
      data: { symbol: string; priceCheck: { referenceUsd: number; divergencePct: number; flagged: boolean } | null }[];
      meta: { merge: { priceCheckFlagged: number } };
    };
    const check = api.data.find((coin) => coin.symbol === symbol)?.priceCheck;
    expect(check?.flagged).toBe(true);
    // |served - reference| / reference: 8% over is 7.41% away, give or take the providers' usual spread.
    expect(check?.divergencePct).toBeGreaterThan(7);
    expect(check?.divergencePct).toBeLessThan(8.6);
    expect(api.meta.merge.priceCheckFlagged).toBe(1);
    await expect(price).toHaveAttribute(
      "title",
      `The ranking provider's own price is ${formatPrice(check?.referenceUsd ?? 0)}, ${check?.divergencePct.toFixed(2)}% away from this one`,
    );
    await expect(price.locator(".sr-only")).toContainText("The ranking provider's own price is");
  } finally {
    await page.request.post(`${sim}/_sim/skew`, { data: { rank: 3, provider: "cryptocompare", pct: 0 } });
  }
  await expect(price.locator(".price-check")).toHaveCount(0, { timeout: 15_000 });
});

test("polling an unchanged snapshot leaves the table's DOM alone", async ({ page }) => {
  // Let the sparklines arrive first: drawing them is a real change to the rows.
  const sparklines = page.waitForResponse((response) => response.url().includes("/api/sparklines"));
  await page.goto("/?limit=50");
  await renderAllRows(page, 50);
  await sparklines;
  await page.waitForTimeout(500);
  const polls: number[] = [];
  page.on("response", (response) => {
    if (response.url().includes("/api/top?limit=50")) polls.push(response.status());
  });
  const mutations = await page.evaluate(async () => {
    const changed: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const record of records)
        changed.push(`${record.type} in ${(record.target as Element).outerHTML ?? "#text"}`);
    });
    observer.observe(document.querySelector("tbody") as Node, { subtree: true, childList: true, characterData: true });
    await new Promise((resolve) => setTimeout(resolve, 7000));
    observer.disconnect();
    return changed.map((change) => change.slice(0, 160));
  });
  // The stack refreshes every 2 s: several polls happened, and none of them touched a row.
  expect(polls.length).toBeGreaterThanOrEqual(2);
  expect(mutations).toEqual([]);
});

test("the sparkline poll revalidates with If-None-Match and an unchanged set leaves the rows alone", async ({
  page,
}) => {
  await page.clock.install();
  const first = page.waitForResponse((response) => response.url().includes("/api/sparklines?limit=10"));
  await page.goto("/?limit=10");
  const etag = (await first).headers().etag;
  expect(etag).toMatch(/^"/);
  await expect(page.locator(`${COIN_ROWS} svg.sparkline`).first()).toBeVisible();
  await page.evaluate(() => {
    const changes: string[] = [];
    (window as Window & { __rowChanges?: string[] }).__rowChanges = changes;
    new MutationObserver((records) => {
      for (const record of records) changes.push(record.type);
    }).observe(document.querySelector("tbody") as Node, { subtree: true, childList: true, characterData: true });
  });
  // The sparklines are asked for again every 5 minutes.
  const poll = page.waitForRequest((request) => request.url().includes("/api/sparklines?limit=10"));
  const answered = page.waitForResponse((response) => response.url().includes("/api/sparklines?limit=10"));
  await page.clock.fastForward("05:01");
  expect((await poll).headers()["if-none-match"]).toBe(etag);
  expect((await answered).status()).toBe(304);
  await page.clock.fastForward(1000);
  expect(await page.evaluate(() => (window as Window & { __rowChanges?: string[] }).__rowChanges)).toEqual([]);
});

test("the currency picker converts the table, goes into the URL and the downloads, and is remembered", async ({
  page,
}) => {
  await page.goto("/?limit=10");
  const firstPrice = cells(page, COLUMN.price).first();
  await expect(firstPrice).toHaveText(/^\$[\d,]+\.\d{2}$/);
  await page.getByLabel("Currency").selectOption("EUR");
  await expect(page).toHaveURL(/[?&]vs=EUR\b/);
  await expect(firstPrice).toHaveText(/^€[\d,]+\.\d{2}$/);
  // The API's euro price of the same coin, within a few ticks of the simulated market.
  const api = await (await page.request.get("/api/top?limit=1&vs=EUR&fields=price")).json();
  const shown = parseNumber((await firstPrice.textContent()) ?? "") ?? 0;
  expect(Math.abs(shown - api.data[0].price) / api.data[0].price).toBeLessThan(0.05);
  await expect(page.getByText(/^Prices in Euro \(EUR\) at coingecko’s exchange rate, checked/)).toBeVisible();
  await expect(page.getByRole("link", { name: "CSV" })).toHaveAttribute("href", "/api/top?limit=10&vs=EUR&format=csv");
  await expect(page.locator(".lede")).toContainText("with their prices in EUR");

  // Remembered: the next visit to a URL without vs opens in euros, and puts it in the URL.
  await page.goto("/?limit=10");
  await expect(firstPrice).toHaveText(/^€/);
  await expect(page).toHaveURL(/[?&]vs=EUR\b/);
  await page.getByLabel("Currency").selectOption("SATS");
  await expect(firstPrice).toHaveText(/^[\d,]+(\.\d+)? SATS$/);
  await page.getByLabel("Currency").selectOption("USD");
  await expect(page).not.toHaveURL(/vs=/);
  await expect(firstPrice).toHaveText(/^\$/);
});

test("an unknown currency in the URL is refused in words, like the API", async ({ page }) => {
  const response = await page.goto("/?vs=XAU");
  expect(response?.status()).toBe(400);
  const refusal = page.getByText(/^vs must be a currency code: USD, EUR, /);
  await expect(refusal).toHaveAttribute("role", "alert");
  await expect(refusal).toContainText('(any case); got "XAU"');
});
