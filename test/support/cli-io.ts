// Test support: runs the CLI in-process with captured output, a given environment and a fixed clock.
import { run } from "../../cli/main";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The moment every CLI test runs at; seeded snapshots are dated relative to it. */
export const NOW = new Date("2026-01-02T12:00:00.000Z");

export const secondsBefore = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

export async function runCli(argv: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    now: () => NOW,
  });
  return { code, stdout, stderr };
}
