// The reviewed overrides file (OVERRIDES_FILE), read on the server: once, or again whenever it
// changes, so an operator's new entry reaches the services and the web without a restart.
import { readFileSync, statSync } from "node:fs";
import { type IdentityOverride, parseOverrides } from "./domain/overrides";
import type { Logger } from "./log";

export function loadOverridesFile(path: string): IdentityOverride[] {
  return parseOverrides(readFileSync(path, "utf8"));
}

/** The overrides as the file says now; a file that turns bad keeps the last good entries, said once in the log. */
export class OverridesSource {
  private overrides: readonly IdentityOverride[];
  private mtimeMs: number;
  private failing = false;

  /** Reads the file once up front: a bad file at start-up is a configuration error (it throws). */
  constructor(
    private readonly path: string,
    private readonly logger: Logger,
  ) {
    this.mtimeMs = statSync(path).mtimeMs;
    this.overrides = loadOverridesFile(path);
  }

  current(): readonly IdentityOverride[] {
    try {
      const { mtimeMs } = statSync(this.path);
      if (mtimeMs !== this.mtimeMs) {
        this.overrides = loadOverridesFile(this.path);
        this.mtimeMs = mtimeMs;
        this.failing = false;
        this.logger.info({ path: this.path, overrides: this.overrides.length }, "overrides file read again");
      }
    } catch (error) {
      if (!this.failing) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.error(
          { err: error, path: this.path },
          `overrides file unusable, keeping the last good entries: ${message}`,
        );
      }
      this.failing = true;
    }
    return this.overrides;
  }
}
