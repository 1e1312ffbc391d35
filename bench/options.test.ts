// The benches' options: defaults, good values, and a clear refusal of bad ones before anything starts.
import { describe, expect, it } from "vitest";
import { parseBenchHistoryOptions, parseBenchOptions } from "./options";

describe("npm run bench options", () => {
  it("defaults to 10 s runs, 5 rounds, 50 connections, appending", () => {
    expect(parseBenchOptions([])).toEqual({ duration: 10, rounds: 5, connections: 50, append: true });
  });

  it("takes whole numbers and --no-append", () => {
    expect(parseBenchOptions(["--duration", "3", "--rounds", "7", "--connections", "8", "--no-append"])).toEqual({
      duration: 3,
      rounds: 7,
      connections: 8,
      append: false,
    });
  });

  it("refuses anything but a whole number from 1, naming the option and the value", () => {
    expect(() => parseBenchOptions(["--rounds", "0"])).toThrow('--rounds must be a whole number from 1; got "0"');
    expect(() => parseBenchOptions(["--duration", "2.5"])).toThrow(
      '--duration must be a whole number from 1; got "2.5"',
    );
    expect(() => parseBenchOptions(["--connections", "lots"])).toThrow(
      '--connections must be a whole number from 1; got "lots"',
    );
    expect(() => parseBenchOptions(["--rounds", ""])).toThrow('--rounds must be a whole number from 1; got ""');
    expect(() => parseBenchOptions(["--round", "3"])).toThrow(/Unknown option '--round'/);
  });
});

describe("npm run bench:history options", () => {
  it("measures PostgreSQL on --postgres, else on TEST_DATABASE_URL, else not at all", () => {
    const url = "postgres://postgres@127.0.0.1:5432/test";
    expect(parseBenchHistoryOptions(["--postgres", url], {})).toEqual({
      postgresUrl: url,
      postgresFromEnv: false,
      sqliteFile: undefined,
    });
    expect(parseBenchHistoryOptions(["history.db"], { TEST_DATABASE_URL: url })).toEqual({
      postgresUrl: url,
      postgresFromEnv: true,
      sqliteFile: "history.db",
    });
    expect(parseBenchHistoryOptions([], { TEST_DATABASE_URL: "" })).toEqual({
      postgresUrl: undefined,
      postgresFromEnv: false,
      sqliteFile: undefined,
    });
  });

  it("refuses a URL that is not PostgreSQL's, without echoing its password, and more than one file", () => {
    expect(() => parseBenchHistoryOptions(["--postgres", "mysql://root:hunter2@db/x"], {})).toThrow(
      '--postgres must be a postgres:// or postgresql:// URL; got "db/x"',
    );
    expect(() => parseBenchHistoryOptions([], { TEST_DATABASE_URL: "file:./x.db" })).toThrow(
      'TEST_DATABASE_URL must be a postgres:// or postgresql:// URL; got "file:./x.db"',
    );
    expect(() => parseBenchHistoryOptions(["a.db", "b.db"], {})).toThrow("one SQLite file at most; got 2 arguments");
  });
});
