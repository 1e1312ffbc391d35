import { beforeEach, describe, expect, it } from "vitest";
import { parseExposition, samplesOf } from "../../test/support/exposition";
import { observeLease } from "./lease";
import { getRegistry, renderMetrics } from "./registry";

async function leaseSamples() {
  const metrics = parseExposition((await renderMetrics()).body);
  return ["topcoins_lease_held", "topcoins_lease_holder_info", "topcoins_lease_changes_total"].flatMap((name) =>
    samplesOf(metrics, name).map((sample) => [sample.name, sample.labels, sample.value]),
  );
}

describe("observeLease", () => {
  beforeEach(() => getRegistry().resetMetrics());

  it("shows who holds each role's lease, whether it is this replica, and how often it changed", async () => {
    observeLease("pricing", { holder: "web-1", self: false, changed: false });
    observeLease("ranking", { holder: "me", self: true, changed: true });
    expect(await leaseSamples()).toEqual([
      ["topcoins_lease_held", { role: "pricing" }, 0],
      ["topcoins_lease_held", { role: "ranking" }, 1],
      ["topcoins_lease_holder_info", { role: "pricing", holder: "web-1" }, 1],
      ["topcoins_lease_holder_info", { role: "ranking", holder: "me" }, 1],
      ["topcoins_lease_changes_total", { role: "pricing" }, 0],
      ["topcoins_lease_changes_total", { role: "ranking" }, 1],
    ]);

    // This replica takes the pricing lease: the old holder's series goes.
    observeLease("pricing", { holder: "me", self: true, changed: true });
    observeLease("pricing", { holder: "me", self: true, changed: false });
    expect(await leaseSamples()).toEqual([
      ["topcoins_lease_held", { role: "pricing" }, 1],
      ["topcoins_lease_held", { role: "ranking" }, 1],
      ["topcoins_lease_holder_info", { role: "ranking", holder: "me" }, 1],
      ["topcoins_lease_holder_info", { role: "pricing", holder: "me" }, 1],
      ["topcoins_lease_changes_total", { role: "pricing" }, 1],
      ["topcoins_lease_changes_total", { role: "ranking" }, 1],
    ]);
  });
});
