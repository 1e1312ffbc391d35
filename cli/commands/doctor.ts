// `topcoins doctor`: checks every configured provider with one call each, failover readiness, the
// overrides file and the store, and says exactly what is missing. Exit 1 when any check fails.
import type { ProviderName } from "../../lib/config";
import { parseCommandArgs } from "../args";
import { providerChecks, providersToCall } from "../doctor/checks";
import { type ProbeResult, probeProvider } from "../doctor/probes";
import { renderJson, renderText, summarize } from "../doctor/report";
import { checkOverrides, checkStore } from "../doctor/store-check";
import { DOCTOR_HELP } from "../help";
import { type CliIo, cliConfig, clock, writeLines } from "../io";

export async function runDoctor(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs("doctor", args, {
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(DOCTOR_HELP);
    return 0;
  }
  const config = cliConfig(io);
  const [results, store] = await Promise.all([
    Promise.all(providersToCall(config).map((provider) => probeProvider(config, provider))),
    checkStore(config, clock(io)),
  ]);
  const probes = new Map<ProviderName, ProbeResult>(results.map((result) => [result.provider, result]));
  const report = summarize([...providerChecks(config, probes), checkOverrides(config), store]);
  if (values.json) io.stdout.write(`${renderJson(report)}\n`);
  else writeLines(io.stdout, renderText(report));
  return report.ok ? 0 : 1;
}
