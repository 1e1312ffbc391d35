// Readers for the deployment files, for deploy.test.ts: the Dockerfile's instructions, the
// .dockerignore rules, the entry point's roles, and the modules a role's process loads.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { parseAllDocuments } from "yaml";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
export const exists = (file: string) => existsSync(path.join(ROOT, file));

/** The repository's files, relative to the root, except those `skip` rules out (with everything under them). */
export function repositoryFiles(skip: (file: string) => boolean, dir = ""): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = dir ? `${dir}/${entry.name}` : entry.name;
    if (skip(file)) return [];
    return entry.isDirectory() ? repositoryFiles(skip, file) : [file];
  });
}

/** Every YAML document in a file, as plain values (merge keys resolved). */
export function yamlDocuments(file: string): unknown[] {
  return parseAllDocuments(read(file), { merge: true }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((error) => error.message).join("; ")}`);
    return doc.toJS();
  });
}

export interface Instruction {
  stage: string;
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions with continuation lines joined, each tagged with its stage's name. */
export function dockerInstructions(text: string): Instruction[] {
  const lines = text.replace(/\\\n/g, " ").split("\n");
  const instructions: Instruction[] = [];
  let stage = "";
  for (const line of lines.map((raw) => raw.trim())) {
    if (line === "" || line.startsWith("#")) continue;
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === "FROM") stage = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? args;
    instructions.push({ stage, keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, " ") });
  }
  return instructions;
}

/** Docker's .dockerignore rules: the last matching line wins, `!` re-includes, a directory covers its contents. */
export function dockerIgnore(text: string): (file: string) => boolean {
  const rules = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const negated = line.startsWith("!");
      const pattern = (negated ? line.slice(1) : line).replace(/^\/+/, "").replace(/\/+$/, "");
      return { negated, regex: globRegex(pattern) };
    });
  return (file) => {
    let ignored = false;
    for (const rule of rules) if (rule.regex.test(file)) ignored = !rule.negated;
    return ignored;
  };
}

function globRegex(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? "";
    if (char === "*" && pattern[i + 1] === "*") {
      i += pattern[i + 2] === "/" ? 2 : 1;
      source += pattern[i] === "/" ? "(?:.*/)?" : ".*";
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}(?:/.*)?$`);
}

/** The entry point's roles and the command each execs, as written in its `role) exec …` lines. */
export function entrypointRoles(text: string): Map<string, string> {
  const roles = new Map<string, string>();
  for (const match of text.matchAll(/^\s*([a-z]+)\)\s+exec\s+(.+?)\s+"\$@"\s*;;/gm)) {
    roles.set(match[1] ?? "", match[2] ?? "");
  }
  return roles;
}

export interface ModuleGraph {
  /** Repository files the entry points load, relative to the root. */
  files: Set<string>;
  /** Packages they import (type-only imports are erased and do not count). */
  packages: Set<string>;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s+(type\s+)?(?:([^'";]*?)\s+from\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;
const BUILTINS = new Set(builtinModules);

/** Follows the static and literal dynamic imports from `entries` through the repository's sources. */
export function moduleGraph(entries: readonly string[]): ModuleGraph {
  const graph: ModuleGraph = { files: new Set(), packages: new Set() };
  const pending = [...entries];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (graph.files.has(file)) continue;
    graph.files.add(file);
    if (!/\.(ts|tsx|mjs|js)$/.test(file)) continue;
    for (const match of read(file).matchAll(IMPORT)) {
      const [, typeOnly, clause, staticSpecifier, dynamicSpecifier] = match;
      if (typeOnly || (clause && /^\{[^}]*\}$/.test(clause) && allTypes(clause))) continue;
      const specifier = staticSpecifier ?? dynamicSpecifier ?? "";
      if (specifier.startsWith("node:") || BUILTINS.has(specifier)) continue;
      if (specifier.startsWith(".") || specifier.startsWith("@/")) pending.push(resolveSource(file, specifier));
      else
        graph.packages.add(
          specifier
            .split("/")
            .slice(0, specifier.startsWith("@") ? 2 : 1)
            .join("/"),
        );
    }
  }
  return graph;
}

function allTypes(clause: string): boolean {
  const names = clause
    .slice(1, -1)
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((name) => name.startsWith("type "));
}

function resolveSource(from: string, specifier: string): string {
  const base = specifier.startsWith("@/") ? specifier.slice(2) : path.join(path.dirname(from), specifier);
  const stem = base.replace(/\.js$/, "");
  const candidate = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}/index.ts`].find(
    (file) => exists(file) && statSync(path.join(ROOT, file)).isFile(),
  );
  if (!candidate) throw new Error(`${from}: cannot resolve ${specifier}`);
  return path.normalize(candidate);
}
