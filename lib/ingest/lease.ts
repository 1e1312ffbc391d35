// Keeps this replica's claim on its role: the holder renews its lease every third of the TTL, a
// standby tries to take it every tenth, so a dead leader (even one killed by SIGKILL) is replaced
// within about one TTL. A replica only fetches while it holds the lease.
import { type AppConfig, instanceId } from "@/lib/config";
import type { SourceRole } from "@/lib/domain/types";
import type { Logger } from "@/lib/log";
import { observeLease } from "@/lib/metrics/lease";
import { acquireLease, type LeaseFence, type LeaseState, releaseLease, type Store } from "@/lib/store";
import { describeError, sleepFor } from "./service-loop";

export interface LeaseKeeperOptions {
  store: Store;
  role: SourceRole;
  /** This replica's name in the lease table and the logs. */
  holder: string;
  ttlSeconds: number;
  logger: Logger;
  now?: () => Date;
  /** Called after every attempt, with whether the holder changed; for metrics. */
  onState?: (state: LeaseState, changed: boolean) => void;
}

export class LeaseKeeper {
  private state: LeaseState | null = null;
  private readonly now: () => Date;
  private waiters: (() => void)[] = [];
  private loop: Promise<void> | null = null;

  constructor(private readonly options: LeaseKeeperOptions) {
    this.now = options.now ?? (() => new Date());
  }

  get holder(): string {
    return this.options.holder;
  }

  /** The lease this replica holds now, for fencing its writes; null while it stands by. */
  get fence(): LeaseFence | null {
    const state = this.state;
    if (!state?.held || state.expiresAt <= this.now()) return null;
    return { role: this.options.role, holder: this.options.holder, token: state.token };
  }

  /** One attempt to take or renew the lease. Never throws: a store failure keeps what is known. */
  async tick(): Promise<LeaseState | null> {
    const { store, role, holder, ttlSeconds, logger } = this.options;
    const before = this.state;
    try {
      const state = await acquireLease(store.db, { role, holder, ttlSeconds, now: this.now() });
      this.state = state;
      const changed = before === null || before.holder !== state.holder || before.token !== state.token;
      if (changed) {
        if (state.held) {
          logger.info({ event: "lease", role, holder, token: state.token }, `holding the ${role} lease: fetching`);
        } else {
          logger.info(
            { event: "lease", role, holder: state.holder, token: state.token },
            `${state.holder} holds the ${role} lease: standing by`,
          );
        }
      }
      this.options.onState?.(state, changed);
      if (state.held) this.wake();
      return state;
    } catch (error) {
      // Until it can renew, the replica keeps its lease only as long as the lease itself lasts.
      logger.error({ event: "lease", role, err: error }, `could not renew the ${role} lease: ${describeError(error)}`);
      return this.state;
    }
  }

  /** Keeps the lease until the signal aborts, then gives it up so a standby takes over at once. */
  start(signal: AbortSignal): void {
    this.loop ??= (async () => {
      while (!signal.aborted) {
        const state = await this.tick();
        const fraction = state?.held ? 3 : 10;
        await sleepFor((this.options.ttlSeconds * 1000) / fraction, signal);
      }
      await this.release();
    })();
  }

  /** Resolves once the loop has stopped and the lease is released. */
  async stopped(): Promise<void> {
    await this.loop;
  }

  /** Waits until this replica holds the lease, or the signal aborts. */
  waitUntilHeld(signal: AbortSignal): Promise<void> {
    if (this.fence || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.waiters.push(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  /** Forgets the lease after a write was refused: another replica holds it now. */
  lost(): void {
    if (this.state) this.state = { ...this.state, held: false };
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  private async release(): Promise<void> {
    const fence = this.fence;
    if (!fence) return;
    try {
      if (await releaseLease(this.options.store.db, fence, this.now())) {
        this.options.logger.info({ event: "lease", role: fence.role }, `released the ${fence.role} lease`);
      }
    } catch (error) {
      this.options.logger.error({ event: "lease", err: error }, "could not release the lease; it lapses by itself");
    }
  }
}

/** Starts keeping this replica's lease on a role for as long as the service runs. */
export function startLeaseKeeper(
  context: { config: AppConfig; store: Store; logger: Logger; signal: AbortSignal },
  role: SourceRole,
): LeaseKeeper {
  const keeper = new LeaseKeeper({
    store: context.store,
    role,
    holder: instanceId(context.config),
    ttlSeconds: context.config.LEASE_TTL_SECONDS,
    logger: context.logger,
    // The service's /metrics says whether this replica holds the lease, and who does.
    onState: (state, changed) => observeLease(role, { holder: state.holder, self: state.held, changed }),
  });
  keeper.start(context.signal);
  return keeper;
}
