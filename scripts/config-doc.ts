// docs/configuration.md, generated from the config schema in lib/config.ts: a table per group with each
// variable's default, allowed values and description. `npm run docs:config` rewrites the page, and
// scripts/config-doc.test.ts fails when it is out of date.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { CONFIG_GROUPS, type ConfigGroup, envSchema } from "../lib/config";

export const CONFIG_DOC_FILE = fileURLToPath(new URL("../docs/configuration.md", import.meta.url));

const GROUPS: Record<ConfigGroup, { title: string; intro: string }> = {
  store: {
    title: "Store",
    intro:
      "Where the snapshots live: one schema and one set of migrations for both databases ([architecture](architecture.md)). The PostgreSQL waits are explained in [Store timeouts](RELIABILITY.md#store-timeouts).",
  },
  providers: {
    title: "Providers",
    intro:
      "Which provider plays each role, their keys and hosts, failover, the upstream budgets and the HTTP helper's limits ([Providers and failover](architecture.md#providers-and-failover)). `npx topcoins doctor` checks the result.",
  },
  services: {
    title: "Services",
    intro:
      "How often and how deep the pricing and ranking services fetch, when data is stale, and the leases of their replicas ([Scaling out](architecture.md#scaling-out)).",
  },
  identity: {
    title: "Identity and the merge",
    intro: "How a ranked coin is linked to its price ([identity.md](identity.md)).",
  },
  web: {
    title: "Web",
    intro: "The web server, its rate limit and the cron route ([API](api.md), [Vercel](deploying.md#vercel)).",
  },
  observability: {
    title: "Observability",
    intro: "Logs, metrics and traces ([operations.md](operations.md)).",
  },
};

const variableDoc = z.object({
  group: z.enum(CONFIG_GROUPS),
  description: z.string().trim().min(1),
  values: z.string().optional(),
  unset: z.string().optional(),
});

export interface ConfigVariable {
  name: string;
  group: ConfigGroup;
  /** What an unset variable becomes, as it would be written in the environment. */
  fallback: string;
  values: string;
  description: string;
}

/** Every variable of a schema with its documentation; throws naming each variable whose metadata is incomplete. */
export function configVariables(schema: { shape: Record<string, z.ZodType> } = envSchema): ConfigVariable[] {
  const problems: string[] = [];
  const variables: ConfigVariable[] = [];
  for (const [name, field] of Object.entries(schema.shape)) {
    const doc = variableDoc.safeParse(field.meta() ?? {});
    if (!doc.success) {
      problems.push(
        `${name}: ${doc.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`,
      );
      continue;
    }
    const { group, description, values, unset } = doc.data;
    variables.push({
      name,
      group,
      fallback: fallbackOf(field, unset),
      values: values ?? checkedValues(field) ?? "any",
      description,
    });
  }
  if (problems.length > 0) {
    throw new Error(
      `Every variable needs a group and a description in lib/config.ts (documented(…)):\n  ${problems.join("\n  ")}`,
    );
  }
  return variables;
}

// The default is what the schema makes of an unset variable, written back in the environment's form.
function fallbackOf(field: z.ZodType, unset: string | undefined): string {
  const value: unknown = field.parse(undefined);
  if (value === undefined) return unset ?? "—";
  if (typeof value === "boolean") return value ? "`1`" : "`0`";
  if (Array.isArray(value)) return value.length === 0 ? "none" : `\`${value.join(",")}\``;
  return `\`${String(value)}\``;
}

// The enum options or the number range a field's schema checks, read through zod's public accessors.
function checkedValues(field: unknown): string | undefined {
  if (field instanceof z.ZodPipe) return checkedValues(field.in) ?? checkedValues(field.out);
  if (field instanceof z.ZodOptional) return checkedValues(field.unwrap());
  if (field instanceof z.ZodEnum) return field.options.map((option) => `\`${String(option)}\``).join(", ");
  if (field instanceof z.ZodNumber && field.minValue !== null && field.maxValue !== null) {
    return `${field.minValue}..${field.maxValue}`;
  }
  return undefined;
}

/** A Markdown table padded as Biome formats it, so `npm run lint` accepts the page as written. */
export function markdownTable(header: string[], rows: string[][]): string {
  const cells = [header, ...rows].map((row) => row.map((cell) => cell.replaceAll("|", "\\|")));
  const widths = header.map((_, column) => Math.max(3, ...cells.map((row) => row[column]?.length ?? 0)));
  const line = (row: string[]) => `| ${widths.map((width, column) => (row[column] ?? "").padEnd(width)).join(" | ")} |`;
  const [head = [], ...body] = cells;
  return [line(head), line(widths.map((width) => "-".repeat(width))), ...body.map(line)].join("\n");
}

/** The whole page. */
export function renderConfigDoc(variables: ConfigVariable[] = configVariables()): string {
  const sections = CONFIG_GROUPS.map((group) => {
    const rows = variables
      .filter((variable) => variable.group === group)
      .map((variable) => [`\`${variable.name}\``, variable.fallback, variable.values, variable.description]);
    const table = markdownTable(["variable", "default", "allowed values", "description"], rows);
    return `## ${GROUPS[group].title}\n\n${GROUPS[group].intro}\n\n${table}\n`;
  });
  return `# Configuration

<!-- Generated by \`npm run docs:config\` from the schema in lib/config.ts: edit the descriptions there. -->

Everything is configured through environment variables, parsed once with zod (\`lib/config.ts\`) when a process
starts. A \`.env\` file in the working directory fills in what the environment does not set (the environment
always wins), and \`.env.example\` shows every variable. An empty value counts as unset. A bad value stops the
process with a message that names the variable.

${sections.join("\n")}
## Variables read elsewhere

- The market simulator parses its own variables, so that one shell can run the app against it:
  \`SIMULATOR_PORT\` (4100), \`SIMULATOR_HOST\`, \`SEED\` (42), \`SIM_TICK_SECONDS\` (10) and the keys it accepts
  ([simulator.md](simulator.md), [simulator/README.md](../simulator/README.md)).
- The supervisor of \`npm start\` and \`npm run demo\` reads its timings from \`SUPERVISOR_*\` (\`.env.example\`,
  [Supervision](RELIABILITY.md#supervision-npm-start-and-npm-run-demo)) and sets \`SUPERVISOR_STATUS_FILE\`.
- The measuring scripts take their own options ([performance.md](performance.md)).
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(CONFIG_DOC_FILE, renderConfigDoc());
  console.log(`wrote ${CONFIG_DOC_FILE}`);
}
