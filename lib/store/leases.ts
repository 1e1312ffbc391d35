// Leases: one service replica per role fetches and writes; the others stand by and take over when
// the holder stops renewing. Every statement is atomic on its own, so two replicas racing for a
// lease cannot both win, on SQLite or PostgreSQL.
import type { Kysely, Transaction } from "kysely";
import { sql } from "kysely";
import type { SourceRole } from "../domain/types";
import { StoreError } from "./errors";
import { toDate, toIso } from "./rows";
import type { Database } from "./schema";

export interface LeaseRequest {
  role: SourceRole;
  holder: string;
  ttlSeconds: number;
  now: Date;
}

export interface LeaseState {
  role: SourceRole;
  /** The replica that holds the lease (possibly another one, or a lapsed holder). */
  holder: string;
  token: number;
  expiresAt: Date;
  /** True when `holder` is the asking replica and the lease is live. */
  held: boolean;
}

/** The proof a writer shows: the lease it believes it holds. */
export interface LeaseFence {
  role: SourceRole;
  holder: string;
  token: number;
}

/** A write refused because the writer no longer holds its role's lease. */
export class LeaseLostError extends StoreError {
  override readonly name = "LeaseLostError";
}

type LeaseRow = { holder: string; token: number; expires_at: Date | string };

function toState(role: SourceRole, row: LeaseRow, holder: string, now: Date): LeaseState {
  const expiresAt = toDate(row.expires_at);
  return { role, holder: row.holder, token: row.token, expiresAt, held: row.holder === holder && expiresAt > now };
}

/**
 * Takes the role's lease, or renews it for its holder. A live lease of another replica is left
 * alone; a lapsed one changes hands with the next token. Returns who holds it afterwards.
 */
export async function acquireLease(db: Kysely<Database>, request: LeaseRequest): Promise<LeaseState> {
  const { role, holder, ttlSeconds, now } = request;
  if (!(ttlSeconds > 0)) throw new RangeError(`ttlSeconds must be positive, got ${ttlSeconds}`);
  const at = toIso(now, "now");
  const expires = toIso(new Date(now.getTime() + ttlSeconds * 1000), "expiresAt");
  // Ours and live: renew, same token. Lapsed (ours or not): take it with the next token.
  const renewed = await db
    .updateTable("lease")
    .set({
      token: sql<number>`case when holder = ${holder} and expires_at > ${at} then token else token + 1 end`,
      acquired_at: sql<string>`case when holder = ${holder} and expires_at > ${at} then acquired_at else ${at} end`,
      holder,
      renewed_at: at,
      expires_at: expires,
    })
    .where("role", "=", role)
    .where((eb) => eb.or([eb("holder", "=", holder), eb("expires_at", "<=", at)]))
    .returning(["holder", "token", "expires_at"])
    .executeTakeFirst();
  if (renewed) return toState(role, renewed, holder, now);

  const inserted = await db
    .insertInto("lease")
    .values({ role, holder, token: 1, acquired_at: at, renewed_at: at, expires_at: expires })
    .onConflict((conflict) => conflict.column("role").doNothing())
    .returning(["holder", "token", "expires_at"])
    .executeTakeFirst();
  if (inserted) return toState(role, inserted, holder, now);

  const current = await db
    .selectFrom("lease")
    .select(["holder", "token", "expires_at"])
    .where("role", "=", role)
    .executeTakeFirstOrThrow();
  return toState(role, current, holder, now);
}

/** Gives the lease up (on shutdown) so a standby takes over at once instead of after the TTL. */
export async function releaseLease(db: Kysely<Database>, fence: LeaseFence, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("lease")
    .set({ expires_at: toIso(now, "now") })
    .where("role", "=", fence.role)
    .where("holder", "=", fence.holder)
    .where("token", "=", fence.token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface LeaseInfo {
  role: SourceRole;
  holder: string;
  token: number;
  acquiredAt: Date;
  renewedAt: Date;
  expiresAt: Date;
}

/** Every role's lease as stored, for health and metrics. */
export async function readLeases(db: Kysely<Database>): Promise<LeaseInfo[]> {
  const rows = await db.selectFrom("lease").selectAll().orderBy("role").execute();
  return rows.map((row) => ({
    role: row.role as SourceRole,
    holder: row.holder,
    token: row.token,
    acquiredAt: toDate(row.acquired_at),
    renewedAt: toDate(row.renewed_at),
    expiresAt: toDate(row.expires_at),
  }));
}

/**
 * Inside a snapshot's transaction: refuses the write unless the writer still holds the lease with
 * the same token. On PostgreSQL the row lock keeps a takeover waiting until this write commits,
 * so a takeover's snapshots always come after it; SQLite's BEGIN IMMEDIATE serializes writers.
 */
export async function checkFence(trx: Transaction<Database>, fence: LeaseFence, postgres: boolean): Promise<void> {
  const query = trx.selectFrom("lease").select(["holder", "token"]).where("role", "=", fence.role);
  const row = await (postgres ? query.forUpdate() : query).executeTakeFirst();
  if (!row || row.holder !== fence.holder || row.token !== fence.token) {
    throw new LeaseLostError(
      `${fence.holder} no longer holds the ${fence.role} lease (token ${fence.token}; now ${row ? `${row.holder}, token ${row.token}` : "nobody"}): the write was refused`,
    );
  }
}
