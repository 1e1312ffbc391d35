// The image: the Dockerfile, .dockerignore, the entry point and the health check, and vercel.json.
// Docker itself is not run here: these check that everything the image runs exists and is shipped.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATION_NAMES } from "@/lib/store";
import { probeUrl, ROLES, roleOf } from "../../../deploy/healthcheck.mjs";
import {
  dockerIgnore,
  dockerInstructions,
  entrypointRoles,
  exists,
  moduleGraph,
  ROOT,
  read,
  repositoryFiles,
} from "../../support/manifests";

const run = promisify(execFile);
// A child's whole environment, so nothing from the shell running the tests leaks in.
const childEnv = (vars: Record<string, string>): NodeJS.ProcessEnv => ({
  NODE_ENV: "test",
  PATH: process.env.PATH ?? "",
  ...vars,
});
const pkg = JSON.parse(read("package.json")) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
/** Each role of the image, and the TypeScript entry point its compiled dist/<role>.js is built from. */
const ROLE_SOURCES = {
  web: "bin/web.ts",
  pricing: "bin/pricing.ts",
  ranking: "bin/ranking.ts",
  migrate: "bin/migrate.ts",
  simulator: "bin/simulator.ts",
};
/** The entry points `npm run build:server` compiles, as out=source pairs. */
const compiledEntries = new Map(
  [...(pkg.scripts["build:server"] ?? "").matchAll(/(\w+)=(\S+\.ts)/g)].map((match) => [
    match[1] ?? "",
    match[2] ?? "",
  ]),
);
const instructions = dockerInstructions(read("Dockerfile"));
const runtime = instructions.filter((instruction) => instruction.stage === "runtime");
const ignored = dockerIgnore(read(".dockerignore"));
const roles = entrypointRoles(read("deploy/docker-entrypoint.sh"));
const args = (keyword: string, stage = runtime) =>
  stage.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);
// What the runtime stage copies from the build context (not from another stage).
const copied = args("COPY")
  .filter((line) => !line.startsWith("--from"))
  .flatMap((line) => line.split(" ").slice(0, -1));

describe("the Dockerfile", () => {
  it("builds node:20-bookworm-slim in stages: all dependencies, the Next build, production dependencies", () => {
    expect(args("ARG", instructions)).toContain("NODE_IMAGE=node:20-bookworm-slim");
    expect(args("FROM", instructions)).toEqual([
      `\${NODE_IMAGE} AS deps`,
      "deps AS build",
      "deps AS prod-deps",
      `\${NODE_IMAGE} AS runtime`,
    ]);
    const deps = instructions.filter((instruction) => instruction.stage === "deps");
    expect(args("RUN", deps).join(" ")).toMatch(/apt-get install -y --no-install-recommends python3 make g\+\+/);
    expect(args("ENV", deps).join(" ")).toMatch(
      /npm_config_build_from_source=better-sqlite3 npm_config_nodedir=\/usr\/local/,
    );
    expect(args("RUN", deps)).toContain("npm ci --no-audit --no-fund");
    expect(
      args(
        "RUN",
        instructions.filter((i) => i.stage === "build"),
      ),
    ).toEqual(["npm run build && rm -rf .next/cache"]);
    expect(pkg.scripts.build).toBe("next build && npm run build:server");
    expect(
      args(
        "RUN",
        instructions.filter((i) => i.stage === "prod-deps"),
      ),
    ).toEqual(["npm prune --omit=dev --no-audit --no-fund"]);
    expect(args("COPY")).toEqual(
      expect.arrayContaining([
        "--from=prod-deps /app/node_modules ./node_modules",
        "--from=build /app/.next ./.next",
        "--from=build /app/dist ./dist",
      ]),
    );
    // Every process runs compiled JavaScript: the loader and the compiler stay out of the image.
    expect([pkg.dependencies.tsx, pkg.dependencies.esbuild]).toEqual([undefined, undefined]);
    expect([pkg.devDependencies.tsx !== undefined, pkg.devDependencies.esbuild !== undefined]).toEqual([true, true]);
  });

  it("downloads nothing itself", () => {
    expect(read("Dockerfile")).not.toMatch(/\b(curl|wget)\b|^ADD /m);
  });

  it("runs as a non-root user, through the entry point, with a health check", () => {
    expect(args("USER").at(-1)).toBe("1000:1000");
    expect(args("HEALTHCHECK")).toEqual([
      '--interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "/app/deploy/healthcheck.mjs"]',
    ]);
    expect(args("ENTRYPOINT")).toEqual(['["/bin/sh", "/app/deploy/docker-entrypoint.sh"]']);
    expect(args("CMD")).toEqual(['["web"]']);
    // Both run from /app, where the runtime stage copies them.
    for (const file of ["deploy/healthcheck.mjs", "deploy/docker-entrypoint.sh"]) expect(copied).toContain(file);
    expect(args("WORKDIR")).toEqual(["/app"]);
  });

  it("copies only files that exist and that .dockerignore lets through", () => {
    for (const source of copied) expect([source, exists(source), ignored(source)]).toEqual([source, true, false]);
    for (const file of ["package.json", "package-lock.json", "tsconfig.json", "next.config.ts", "app/page.tsx"]) {
      expect([file, ignored(file)]).toEqual([file, false]);
    }
    for (const file of [".env", ".env.local", "node_modules/x", ".next/BUILD_ID", "data/topcoins.db", ".git/HEAD"]) {
      expect([file, ignored(file)]).toEqual([file, true]);
    }
    for (const file of ["lib/config.test.ts", "test/integration/stack.int.test.ts", "e2e/home.spec.ts"]) {
      expect([file, ignored(file)]).toEqual([file, true]);
    }
  });

  it("gives `next build` a context closed under imports: it type-checks every source it holds", () => {
    const sources = repositoryFiles(
      (file) => ignored(file) || file === ".git" || file === "node_modules" || file === ".next",
    ).filter((file) => /\.(ts|tsx)$/.test(file));
    expect(sources).toContain("bench/lighthouse.ts");
    const missing = [...moduleGraph(sources).files].filter((file) => ignored(file));
    expect(missing).toEqual([]);
  });

  it("ships the compiled entry points and no TypeScript, tests, benchmarks or fixtures", () => {
    expect(copied.sort()).toEqual(
      [
        "bin",
        "config",
        "deploy/docker-entrypoint.sh",
        "deploy/healthcheck.mjs",
        "next.config.ts",
        "package.json",
        "tsconfig.json",
      ].sort(),
    );
    // The CLI loads dist/cli.js, and only imports tsx when there is none (a checkout before its build).
    expect(read("bin/topcoins.js")).not.toMatch(/^import .*tsx/m);
    expect(compiledEntries.get("cli")).toBe("cli/main.ts");
  });

  it("bundles only our code: every package the compiled entry points import is a production dependency", () => {
    expect(pkg.scripts["build:server"]).toMatch(/--bundle .*--packages=external/);
    const graph = moduleGraph([...compiledEntries.values(), "config/overrides.json"]);
    expect(graph.files).toContain("bin/web.ts");
    expect([...graph.packages].filter((name) => pkg.dependencies[name] === undefined)).toEqual([]);
  });
});
describe("the entry point", () => {
  it("runs each role from its compiled entry point, with node itself as the process", () => {
    expect([...roles.keys()]).toEqual(["web", "pricing", "ranking", "migrate", "simulator", "topcoins", "healthcheck"]);
    for (const [role, source] of Object.entries(ROLE_SOURCES)) {
      expect([role, roles.get(role), compiledEntries.get(role)]).toEqual([
        role,
        `node --enable-source-maps dist/${role}.js`,
        source,
      ]);
      expect(exists(source)).toBe(true);
    }
    expect(pkg.scripts["start:web"]).toBe(`node --enable-source-maps dist/web.js`);
    for (const role of ["topcoins", "healthcheck"]) expect(exists(roles.get(role)?.split(" ").at(-1) ?? "")).toBe(true);
  });

  it("refuses an unknown role with exit code 64, naming the roles", async () => {
    const failure = await run("sh", ["deploy/docker-entrypoint.sh", "webb"], { cwd: ROOT }).catch((error) => error);
    expect(failure.code).toBe(64);
    expect(failure.stderr).toBe(
      'unknown role "webb": use web, pricing, ranking, migrate, simulator, topcoins or healthcheck\n',
    );
  });

  it("migrates a store with the migrate role", async () => {
    // The compiled entry points: `npm test` builds them first; a lone unit run compiles them here.
    if (!exists("dist/migrate.js")) await run("npm", ["run", "build:server"], { cwd: ROOT });
    const dir = await mkdtemp(path.join(tmpdir(), "topcoins-entrypoint-"));
    try {
      const env = childEnv({ DATABASE_URL: `file:${dir}/store.db`, LOG_LEVEL: "info" });
      const { stdout } = await run("sh", ["deploy/docker-entrypoint.sh", "migrate"], { cwd: ROOT, env });
      expect(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}").msg).toBe(
        `applied ${MIGRATION_NAMES.length} migration(s)`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the health check", () => {
  it("knows the entry point's roles and finds the role from PID 1's command line", () => {
    expect([...ROLES]).toEqual(Object.keys(ROLE_SOURCES));
    expect(roleOf(["node", "--enable-source-maps", "dist/web.js"])).toBe("web");
    expect(roleOf(["node", "--enable-source-maps", "dist/pricing.js"])).toBe("pricing");
    expect(roleOf(["node", "--import", "tsx", "bin/web.ts"])).toBe("web");
    expect(roleOf(["node", "--import", "tsx", "bin/pricing.ts"])).toBe("pricing");
    // Under an init process (`docker run --init`) PID 1 is the init, with the role as an argument.
    expect(roleOf(["/sbin/docker-init", "--", "/bin/sh", "/app/deploy/docker-entrypoint.sh", "ranking"])).toBe(
      "ranking",
    );
    expect(roleOf(["/bin/sh"])).toBeNull();
  });

  it("probes web's /api/health, the simulator, and a service's /metrics only when METRICS_PORT is set", () => {
    expect(probeUrl("web", { PORT: "8080" })).toBe("http://127.0.0.1:8080/api/health");
    expect(probeUrl("simulator", {})).toBe("http://127.0.0.1:4100/_sim/health");
    expect(probeUrl("pricing", {})).toBeNull();
    expect(probeUrl("ranking", { METRICS_PORT: "9464" })).toBe("http://127.0.0.1:9464/metrics");
    expect(probeUrl("migrate", { PORT: "3000" })).toBeNull();
  });

  describe("run as Docker runs it", () => {
    let server: Server;
    let status = 200;
    beforeAll(async () => {
      server = createServer((req, res) => res.writeHead(req.url === "/api/health" ? status : 404).end("{}"));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const check = (role: string, env: Record<string, string>) =>
      run("node", ["deploy/healthcheck.mjs", role], { cwd: ROOT, env: childEnv(env) }).then(
        () => ({ code: 0, stderr: "" }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );

    it("is healthy while the web answers 200 and unhealthy on its 503", async () => {
      const port = String((server.address() as AddressInfo).port);
      expect(await check("web", { PORT: port })).toEqual({ code: 0, stderr: "" });
      status = 503;
      expect(await check("web", { PORT: port })).toEqual({
        code: 1,
        stderr: `web: http://127.0.0.1:${port}/api/health answered 503\n`,
      });
    });

    it("takes a service without METRICS_PORT as healthy, and one whose metrics port is closed as not", async () => {
      expect((await check("pricing", {})).code).toBe(0);
      const closed = await check("pricing", { METRICS_PORT: "1" });
      expect([closed.code, closed.stderr]).toEqual([
        1,
        expect.stringMatching(/^pricing: http:\/\/127\.0\.0\.1:1\/metrics failed: /),
      ]);
    });
  });
});

describe("vercel.json", () => {
  it("calls a real GET route every 5 minutes", () => {
    const vercel = JSON.parse(read("vercel.json")) as { crons: Array<{ path: string; schedule: string }> };
    expect(vercel.crons).toEqual([{ path: "/api/cron/refresh", schedule: "*/5 * * * *" }]);
    const route = `app${vercel.crons[0]?.path}/route.ts`;
    expect(read(route)).toMatch(/^export function GET\(request: Request\)/m);
  });
});
