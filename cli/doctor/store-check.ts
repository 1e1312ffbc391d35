// The doctor's checks of what lives on disk: the overrides file, and the store (reachable,
// migrated, holding snapshots). Read-only: a missing store is reported, never created or migrated.
import { sql } from "kysely";
import type { AppConfig } from "../../lib/config";
import type { SourceState } from "../../lib/domain/types";
import { describeStoreUrl, MIGRATION_NAMES, readSourceStates, type Store } from "../../lib/store";
import { formatAge } from "../../lib/ui/numbers";
import { loadOverridesFile } from "../../lib/web/view-store";
import { messageOf, openExistingStore, SERVICES_HINT } from "../store-access";
import type { Check } from "./checks";

const MIGRATE_HINT = "run `npm run db:migrate` (the services and the web also migrate on start)";

export function checkOverrides(config: AppConfig): Check {
  const file = config.OVERRIDES_FILE;
  try {
    const count = loadOverridesFile(file).length;
    return {
      check: "overrides",
      label: "overrides",
      status: "ok",
      message: `${file}: ${count} override${count === 1 ? "" : "s"}`,
      details: { file, count },
    };
  } catch (error) {
    return {
      check: "overrides",
      label: "overrides",
      status: "fail",
      message: `cannot use ${file}: ${messageOf(error)}; fix the file or point OVERRIDES_FILE at a valid one`,
      details: { file, count: null },
    };
  }
}

// Kysely records applied migrations in its own table; its absence means nothing was applied.
async function appliedMigrations(store: Store): Promise<string[]> {
  const tables = await store.db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((table) => table.name === "kysely_migration")) return [];
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
  return rows.map((row) => row.name);
}

function describeSnapshot(role: string, state: SourceState | null, now: Date): string {
  if (state?.snapshotId == null) return `${role}: no snapshot yet`;
  const checked = state.checkedAt
    ? `checked ${formatAge((now.getTime() - state.checkedAt.getTime()) / 1000)}`
    : "never checked";
  const error = state.lastError ? `, last error: ${state.lastError}` : "";
  return `${role}: snapshot #${state.snapshotId} from ${state.provider}, ${checked}${error}`;
}

export async function checkStore(config: AppConfig, now: () => Date): Promise<Check> {
  const url = describeStoreUrl(config.DATABASE_URL);
  const fail = (status: Check["status"], message: string, details: Record<string, unknown> = {}): Check => ({
    check: "store",
    label: "store",
    status,
    message,
    details: { url, reachable: false, migrated: false, ...details },
  });
  const opened = openExistingStore(config.DATABASE_URL);
  // The first start creates the file, so a missing one is something to do, not something broken.
  if (!opened.ok) return fail(opened.reason === "missing" ? "warn" : "fail", opened.problem);
  const { store } = opened;
  try {
    const applied = await appliedMigrations(store);
    const base = { dialect: store.dialect, reachable: true, appliedMigrations: applied };
    const unknown = applied.filter((name) => !MIGRATION_NAMES.includes(name));
    if (unknown.length > 0) {
      return fail(
        "fail",
        `${url}: the store has migrations this version does not know (${unknown.join(", ")}): it was migrated by a newer Top Coins`,
        base,
      );
    }
    const pending = MIGRATION_NAMES.filter((name) => !applied.includes(name));
    if (pending.length > 0) {
      return fail(
        "warn",
        `${url}: reachable, ${pending.length} migration(s) pending (${pending.join(", ")}): ${MIGRATE_HINT}`,
        {
          ...base,
          pendingMigrations: pending,
        },
      );
    }
    const states = await readSourceStates(store.db);
    const complete = Boolean(states.ranking?.snapshotId && states.pricing?.snapshotId);
    const erring = Boolean(states.ranking?.lastError || states.pricing?.lastError);
    const snapshots = `${describeSnapshot("ranking", states.ranking, now())}; ${describeSnapshot("pricing", states.pricing, now())}`;
    return {
      check: "store",
      label: "store",
      // Missing snapshots or a failing service are worth a look, but they are not configuration.
      status: complete && !erring ? "ok" : "warn",
      message: `${store.dialect} ${url}: reachable, migrated (${applied.length} migrations); ${snapshots}${complete ? "" : ` — ${SERVICES_HINT}`}`,
      details: { ...base, url, migrated: true, pendingMigrations: [], snapshots: complete },
    };
  } catch (error) {
    return fail("fail", `cannot reach the store ${url}: ${messageOf(error)}`);
  } finally {
    await store.close();
  }
}
