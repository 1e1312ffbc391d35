/**
 * CLI entry (`npm run simulator`): starts the simulator from the environment, prints one JSON log
 * line with what a client needs (base URL and keys), and shuts down cleanly on SIGINT/SIGTERM.
 */
import { loadSimulatorConfig } from "../simulator/config";
import { startSimulator } from "../simulator/server";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadSimulatorConfig>;
  try {
    config = loadSimulatorConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const simulator = await startSimulator(config);
  const line = {
    level: "info",
    time: new Date().toISOString(),
    msg: "market simulator listening (simulated data)",
    url: simulator.url,
    cmcBaseUrl: simulator.url,
    cryptocompareBaseUrl: simulator.url,
    coingeckoBaseUrl: `${simulator.url}/api/v3`,
    cmcKey: simulator.cmcKey,
    cryptocompareKey: simulator.cryptocompareKey,
    coingeckoKey: simulator.coingeckoKey,
    seed: config.seed,
    tickSeconds: config.tickSeconds,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    simulator.close().then(
      () => {
        process.stdout.write(`${JSON.stringify({ level: "info", msg: "market simulator stopped", signal })}\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`simulator close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
