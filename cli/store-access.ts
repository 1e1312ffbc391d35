// Opening the configured store for reading. A missing SQLite file is reported, not created:
// a read-only command must not leave an empty database behind a typo in DATABASE_URL.
import { existsSync } from "node:fs";
import { describeStoreUrl, openStore, type Store } from "../lib/store";
import { sqlitePathFromUrl } from "../lib/store/database";

export type OpenedStore =
  | { ok: true; store: Store }
  /** `missing`: an SQLite file that does not exist yet; `error`: the URL or the file cannot be opened. */
  | { ok: false; reason: "missing" | "error"; problem: string };

export const START_HINT = "start the stack once (`npm start`, or `npm run demo` offline) or run `npm run db:migrate`";

/** Where snapshots come from, for a store that has none yet. */
export const SERVICES_HINT = "the services write them: start the stack (`npm start`, or `npm run demo` offline)";

export function openExistingStore(databaseUrl: string): OpenedStore {
  try {
    if (databaseUrl.startsWith("file:")) {
      const file = sqlitePathFromUrl(databaseUrl);
      if (!existsSync(file))
        return { ok: false, reason: "missing", problem: `there is no store at ${file} yet: ${START_HINT}` };
    }
    return { ok: true, store: openStore(databaseUrl) };
  } catch (error) {
    return {
      ok: false,
      reason: "error",
      problem: `cannot open the store ${describeStoreUrl(databaseUrl)}: ${messageOf(error)}`,
    };
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
