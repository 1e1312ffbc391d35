// Checks the coin and market specs share: axe in both themes with screenshots at two widths, and
// that a page loads nothing from outside its own origin.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

export const THEMES = ["light", "dark"] as const;
export const WIDTHS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "mobile", width: 375, height: 812 },
] as const;

/** Serious and critical axe violations, one line each with the offending nodes. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

export interface PageWatch {
  /** Requests to any origin but the page's own. */
  foreign: string[];
  /** Console errors and uncaught exceptions (hydration mismatches among them). */
  errors: string[];
}

/** Collects, from now on, what a page should never do. */
export function watchPage(page: Page, baseURL: string | undefined): PageWatch {
  const origin = new URL(baseURL ?? "http://127.0.0.1").origin;
  const watch: PageWatch = { foreign: [], errors: [] };
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith("data:") && !url.startsWith("blob:") && new URL(url).origin !== origin) watch.foreign.push(url);
  });
  page.on("console", (message) => {
    if (message.type() === "error") watch.errors.push(message.text());
  });
  page.on("pageerror", (error) => watch.errors.push(error.message));
  return watch;
}

/**
 * For each width: open the page (`open` also waits until it has settled), save a full-page
 * screenshot named `<name>-<theme>-<width>.png`, run `expand` (open what the screenshot leaves
 * closed), and assert axe finds nothing serious.
 */
export async function auditAtWidths(
  page: Page,
  testInfo: TestInfo,
  name: string,
  theme: (typeof THEMES)[number],
  open: () => Promise<void>,
  expand: () => Promise<void> = async () => {},
): Promise<void> {
  await page.emulateMedia({ colorScheme: theme, reducedMotion: "reduce" });
  for (const size of WIDTHS) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await open();
    await page.screenshot({ path: testInfo.outputPath(`${name}-${theme}-${size.name}.png`), fullPage: true });
    await expand();
    expect(await seriousViolations(page), `${name} ${theme} ${size.name}`).toEqual([]);
  }
}

/** The dashboard's coin rows, without the row that reserves the height of those not rendered yet. */
export const COIN_ROWS = "tbody tr:not(.pending-rows)";

/**
 * Renders every row of the dashboard the way a keyboard user does: the first key press asks for
 * all of them. Retried because the listener exists only once the page has hydrated.
 */
export async function renderAllRows(page: Page, count: number): Promise<void> {
  await expect(async () => {
    await page.keyboard.press("End");
    await expect(page.locator(COIN_ROWS)).toHaveCount(count, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.locator("tbody tr.pending-rows")).toHaveCount(0);
}
