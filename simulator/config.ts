/**
 * The simulator's own environment, parsed once with zod. It has its own variables (not the app's
 * CMC_API_KEY etc.) so one shell can run the app against the simulator without confusion.
 */
import { z } from "zod";

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  SIMULATOR_PORT: intFrom(0, 65_535).default(4100),
  SIMULATOR_HOST: z.string().min(1).default("127.0.0.1"),
  SEED: intFrom(0, 4_294_967_295).default(42),
  /** 0 = no automatic tick (move the market with POST /_sim/tick). */
  SIM_TICK_SECONDS: z.coerce.number().min(0).max(86_400).default(10),
  SIM_CMC_KEY: z.string().min(1).default("sim-cmc-key"),
  SIM_CRYPTOCOMPARE_KEY: z.string().min(1).default("sim-cc-key"),
  /** Unset = keyless CoinGecko (any call accepted); set = the Demo key calls must send. */
  SIM_COINGECKO_KEY: z.string().min(1).optional(),
});

/** Plain string map, so tests can pass a literal without Next's NODE_ENV augmentation. */
export type Environment = Record<string, string | undefined>;

export interface SimulatorConfig {
  port: number;
  host: string;
  seed: number;
  tickSeconds: number;
  cmcKey: string;
  cryptocompareKey: string;
  coingeckoKey?: string;
}

/** Empty strings count as unset, the way shells and .env files usually mean them. */
function present(env: Environment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(envSchema.shape)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== "") out[name] = value.trim();
  }
  return out;
}

/** Throws an Error whose message names every invalid variable and what it must be. */
export function loadSimulatorConfig(env: Environment = process.env): SimulatorConfig {
  const result = envSchema.safeParse(present(env));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      return `${name}=${JSON.stringify(env[name] ?? "")}: ${issue.message}`;
    });
    throw new Error(`Invalid simulator environment: ${problems.join("; ")}`);
  }
  const parsed = result.data;
  return {
    port: parsed.SIMULATOR_PORT,
    host: parsed.SIMULATOR_HOST,
    seed: parsed.SEED,
    tickSeconds: parsed.SIM_TICK_SECONDS,
    cmcKey: parsed.SIM_CMC_KEY,
    cryptocompareKey: parsed.SIM_CRYPTOCOMPARE_KEY,
    ...(parsed.SIM_COINGECKO_KEY === undefined ? {} : { coingeckoKey: parsed.SIM_COINGECKO_KEY }),
  };
}
