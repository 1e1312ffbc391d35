import { expect, test } from "@playwright/test";
import { seriousViolations, watchPage } from "./page-checks";

test("/docs shows every endpoint of the contract with its parameters, from this origin only", async ({
  page,
  baseURL,
}) => {
  const watch = watchPage(page, baseURL);
  const document = await (await page.request.get("/api/openapi.json")).json();
  const response = await page.goto("/docs");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-security-policy"]).toContain("'strict-dynamic'");
  await expect(page.getByRole("heading", { name: "API", level: 1 })).toBeVisible();
  const main = page.locator("main");
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
    await expect(main, path).toContainText(path);
    const operation = item.get as { parameters?: { name: string }[] } | undefined;
    for (const parameter of operation?.parameters ?? [])
      await expect(main, `${path} ${parameter.name}`).toContainText(parameter.name);
  }
  // /api/top's currency parameter, its currencies and the CSV example are on the page.
  await expect(main).toContainText("vs");
  await expect(main).toContainText("SATS");
  expect(await seriousViolations(page)).toEqual([]);
  // Nothing from another origin, and no console error (a refused script or style among them).
  expect(watch.foreign).toEqual([]);
  expect(watch.errors).toEqual([]);
});
