import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../test/support/cli-io";
import { DOCTOR_HELP, MAIN_HELP, OVERRIDES_HELP, OVERRIDES_SUGGEST_HELP, TOP_HELP } from "./help";

const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;

describe("topcoins: help, version and usage errors", () => {
  it.each([
    [["--help"], MAIN_HELP],
    [["-h"], MAIN_HELP],
    [["help"], MAIN_HELP],
    [["help", "top"], TOP_HELP],
    [["help", "overrides", "suggest"], OVERRIDES_SUGGEST_HELP],
    [["top", "--help"], TOP_HELP],
    [["top", "-h"], TOP_HELP],
    [["doctor", "--help"], DOCTOR_HELP],
    [["overrides", "--help"], OVERRIDES_HELP],
    [["overrides", "suggest", "--help"], OVERRIDES_SUGGEST_HELP],
  ])("%j prints its help on stdout and exits 0", async (argv, text) => {
    expect(await runCli(argv)).toEqual({ code: 0, stdout: text, stderr: "" });
  });

  it("prints the version from package.json", async () => {
    expect(await runCli(["--version"])).toEqual({ code: 0, stdout: `topcoins ${version}\n`, stderr: "" });
  });

  it("answers no command with the help on stderr and exit 2", async () => {
    expect(await runCli([])).toEqual({ code: 2, stdout: "", stderr: MAIN_HELP });
    expect(await runCli(["overrides"])).toEqual({ code: 2, stdout: "", stderr: OVERRIDES_HELP });
  });

  it.each([
    [
      ["prices"],
      'topcoins: unknown command "prices"; the commands are top, doctor and overrides\nRun `topcoins --help` for usage.\n',
    ],
    [["--verbose"], "topcoins: unknown option --verbose\nRun `topcoins --help` for usage.\n"],
    [["help", "nope"], 'topcoins: no help on "nope"\nRun `topcoins --help` for usage.\n'],
    [["top", "--limt", "5"], "topcoins top: unknown option --limt\nRun `topcoins top --help` for usage.\n"],
    [["top", "--limit"], "topcoins top: option --limit needs a value\nRun `topcoins top --help` for usage.\n"],
    [["top", "extra"], 'topcoins top: unexpected argument "extra"\nRun `topcoins top --help` for usage.\n'],
    [
      ["top", "--limit", "abc"],
      'topcoins top: limit must be an integer from 1 to 200; got "abc"\nRun `topcoins top --help` for usage.\n',
    ],
    [
      ["top", "--limit", "201"],
      'topcoins top: limit must be an integer from 1 to 200; got "201"\nRun `topcoins top --help` for usage.\n',
    ],
    [
      ["top", "--format", "xml"],
      'topcoins top: format must be table, csv or json; got "xml"\nRun `topcoins top --help` for usage.\n',
    ],
    [
      ["top", "--url", "localhost:3000"],
      'topcoins top: --url must be an http(s) URL such as http://localhost:3000; got "localhost:3000"\nRun `topcoins top --help` for usage.\n',
    ],
    [
      ["top", "--url", "http://localhost:3000", "--limit", "1001"],
      'topcoins top: limit must be an integer from 1 to 1000; got "1001"\nRun `topcoins top --help` for usage.\n',
    ],
    [
      ["doctor", "--json=yes"],
      "topcoins doctor: option --json takes no value\nRun `topcoins doctor --help` for usage.\n",
    ],
    [
      ["overrides", "apply"],
      'topcoins overrides: unknown subcommand "apply"; the one subcommand is suggest\nRun `topcoins overrides --help` for usage.\n',
    ],
    [
      ["overrides", "suggest", "--all"],
      "topcoins overrides suggest: unknown option --all\nRun `topcoins overrides suggest --help` for usage.\n",
    ],
  ])("%j is a usage error: exit 2", async (argv, message) => {
    expect(await runCli(argv)).toEqual({ code: 2, stdout: "", stderr: message });
  });

  it("checks the limit against RANKING_DEPTH from the configuration", async () => {
    const { code, stderr } = await runCli(["top", "--limit", "51"], { RANKING_DEPTH: "50" });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'topcoins top: limit must be an integer from 1 to 50; got "51"\nRun `topcoins top --help` for usage.\n',
    );
  });

  it.each([["top"], ["doctor"], ["overrides", "suggest"]])(
    "%s stops with exit 2 on a bad configuration, naming each variable",
    async (...argv) => {
      const result = await runCli(argv, { CMC_BASE_URL: "ftp://x", RANKING_DEPTH: "0" });
      expect(result).toEqual({
        code: 2,
        stdout: "",
        stderr: [
          "topcoins: the configuration is invalid:",
          "  - CMC_BASE_URL: must be an http(s) URL",
          "  - RANKING_DEPTH: Too small: expected number to be >=1",
          "Fix these variables in the environment or in .env (see .env.example).",
          "",
        ].join("\n"),
      });
    },
  );

  it("treats an unusable overrides file as a configuration error", async () => {
    const result = await runCli(["top"], { OVERRIDES_FILE: "config/no-such-file.json" });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      [
        "topcoins: the configuration is invalid:",
        "  - OVERRIDES_FILE: cannot use config/no-such-file.json: ENOENT: no such file or directory, open 'config/no-such-file.json'",
        "Fix these variables in the environment or in .env (see .env.example).",
        "",
      ].join("\n"),
    );
  });
});
