// The dashboard's look: the theme toggle, accessibility in both themes, and screenshots.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { renderAllRows } from "./page-checks";

test("the theme toggle's choice persists across a reload", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/?limit=10");
  const toggle = page.getByRole("button", { name: "Dark theme" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await toggle.click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(11, 15, 25)");
  await toggle.click();
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
});

for (const scheme of ["light", "dark"] as const) {
  test(`axe finds no serious or critical violations in the ${scheme} theme, and nothing loads from elsewhere`, async ({
    page,
    baseURL,
  }) => {
    const foreign: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (!url.protocol.startsWith("data") && url.origin !== new URL(baseURL ?? "").origin) foreign.push(url.href);
    });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/");
    await renderAllRows(page, 200);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3)}`)).toEqual([]);
    expect(foreign).toEqual([]);
  });
}

test("screenshots of / in light and dark, desktop and 375 px", async ({ page }, testInfo) => {
  for (const width of [1280, 375]) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto("/");
      await expect(page.locator("tbody tr").first()).toBeVisible();
      const path = testInfo.outputPath(`home-${width}-${scheme}.png`);
      await page.screenshot({ path });
      await testInfo.attach(`home-${width}-${scheme}`, { path, contentType: "image/png" });
    }
  }
});
