import { expect, test } from "@playwright/test";

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

test("a bad limit shows the error in the page", async ({ page }) => {
  await page.goto("/?limit=abc");
  await expect(page.locator("main").getByRole("alert")).toHaveText('limit must be an integer from 1 to 200; got "abc"');
  await expect(page.getByRole("link", { name: "Show the top 200 coins" })).toHaveAttribute("href", "/");
});
