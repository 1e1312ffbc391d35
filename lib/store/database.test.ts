import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { describeStoreUrl, openStore, sqlitePathFromUrl } from "./database";
import { StoreError } from "./errors";

describe("describeStoreUrl", () => {
  it("hides passwords in the user part and in the query", () => {
    expect(describeStoreUrl("postgres://app:s3cr%40t@db.example:5432/topcoins")).toBe(
      "postgres://app:***@db.example:5432/topcoins",
    );
    expect(describeStoreUrl("postgresql://app@db/topcoins?password=hunter2&sslmode=require")).toBe(
      "postgresql://app@db/topcoins?password=***&sslmode=require",
    );
  });

  it("leaves URLs without a secret as they are", () => {
    expect(describeStoreUrl("postgres://postgres@127.0.0.1:5432/test")).toBe("postgres://postgres@127.0.0.1:5432/test");
    expect(describeStoreUrl("file:./data/topcoins.db")).toBe("file:./data/topcoins.db");
  });
});

describe("sqlitePathFromUrl", () => {
  it("resolves relative paths against the working directory and keeps absolute ones", () => {
    expect(sqlitePathFromUrl("file:./data/topcoins.db")).toBe(path.resolve("data/topcoins.db"));
    expect(sqlitePathFromUrl("file:data/x.db")).toBe(path.resolve("data/x.db"));
    expect(sqlitePathFromUrl("file:/var/lib/topcoins.db")).toBe("/var/lib/topcoins.db");
    expect(sqlitePathFromUrl("file:///var/lib/top%20coins.db")).toBe("/var/lib/top coins.db");
  });

  it("refuses a URL without a file", () => {
    expect(() => sqlitePathFromUrl("file:")).toThrow(StoreError);
  });
});

describe("openStore", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it("refuses other databases without echoing their password", () => {
    expect(() => openStore("mysql://root:hunter2@localhost/db")).toThrow(
      /Unsupported database URL mysql:\/\/root:\*\*\*@/,
    );
  });

  it("opens SQLite in WAL mode with the settings several processes need", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "topcoins-open-"));
    dirs.push(dir);
    const store = openStore(`file:${path.join(dir, "a", "b", "store.db")}`);
    try {
      expect(store.dialect).toBe("sqlite");
      const pragma = async (name: string) =>
        Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(store.db)).rows[0] ?? {})[0];
      expect(await pragma("journal_mode")).toBe("wal");
      expect(await pragma("busy_timeout")).toBe(5000);
      expect(await pragma("synchronous")).toBe(1);
      expect(await pragma("foreign_keys")).toBe(1);
    } finally {
      await store.close();
    }
  });
});
