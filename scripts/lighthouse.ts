// `npm run lighthouse`: Lighthouse 12 (mobile preset) on the production build, served by the real
// stack on the market simulator, for `/` and one coin page; plus the first-load JS of `/` (gzip),
// measured as the browser loads it. Prints a table and appends it to BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { startStack, waitFor } from "../test/support/stack";

const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Sums the gzip size of every same-origin script the page's HTML loads. */
async function firstLoadJsGzip(pageUrl: string): Promise<{ bytes: number; files: number }> {
  const html = await (await fetch(pageUrl, { headers: { accept: "text/html" } })).text();
  const sources = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => match[1] ?? "");
  let bytes = 0;
  for (const source of new Set(sources)) {
    const body = Buffer.from(await (await fetch(new URL(source, pageUrl))).arrayBuffer());
    bytes += gzipSync(body, { level: 9 }).length;
  }
  return { bytes, files: new Set(sources).size };
}

async function audit(url: string, port: number) {
  const result = await lighthouse(url, {
    port,
    output: "json",
    logLevel: "error",
    onlyCategories: ["performance", "accessibility", "best-practices"],
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const score = (id: string) => result.lhr.categories[id]?.score ?? Number.NaN;
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    bestPractices: score("best-practices"),
    lcpMs: Number(result.lhr.audits["largest-contentful-paint"]?.numericValue ?? Number.NaN),
    cls: Number(result.lhr.audits["cumulative-layout-shift"]?.numericValue ?? Number.NaN),
  };
}

const dir = mkdtempSync(path.join(tmpdir(), "topcoins-lighthouse-"));
const stack = await startStack({ databaseUrl: `file:${path.join(dir, "lighthouse.db")}`, refreshSeconds: 10 });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  chromeFlags: CHROME_FLAGS,
});
try {
  const top = await waitFor(
    "the first merged view",
    async () => {
      const response = await fetch(`${stack.webUrl}/api/top?limit=10`);
      return response.ok
        ? ((await response.json()) as { data: Array<{ rankingId: string; symbol: string }> })
        : undefined;
    },
    60_000,
  );
  const coin = top.data[0];
  const pages = [
    { name: "/", url: `${stack.webUrl}/` },
    { name: `/coins/${coin?.rankingId} (${coin?.symbol})`, url: `${stack.webUrl}/coins/${coin?.rankingId}` },
  ];
  const rows: string[] = [];
  for (const page of pages) {
    const scores = await audit(page.url, chrome.port);
    rows.push(
      `| \`${page.name}\` | ${scores.performance.toFixed(2)} | ${scores.accessibility.toFixed(2)} | ${scores.bestPractices.toFixed(2)} | ${Math.round(scores.lcpMs)} ms | ${scores.cls.toFixed(3)} |`,
    );
  }
  const js = await firstLoadJsGzip(`${stack.webUrl}/`);
  const report = [
    "",
    `### Lighthouse, ${new Date().toISOString().slice(0, 10)}`,
    "",
    `Command: \`npm run lighthouse\` (Lighthouse 12, mobile preset, production build, Debian Chromium; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB).`,
    "",
    "| page | performance | accessibility | best practices | LCP | CLS |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    `First-load JS of \`/\`: ${(js.bytes / 1024).toFixed(1)} kB gzip in ${js.files} scripts (every same-origin script the HTML loads, gzip -9).`,
    "",
  ].join("\n");
  console.log(report);
  appendFileSync("BENCHMARKS.md", report);
  // Biome checks Markdown too: align the new table so `npm run lint` stays green.
  execFileSync("node_modules/.bin/biome", ["format", "--write", "BENCHMARKS.md"], { stdio: "ignore" });
} finally {
  await chrome.kill();
  await stack.stop();
  rmSync(dir, { recursive: true, force: true });
}
