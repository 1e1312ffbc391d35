// The reviewed overrides, read with the web's own loader. A file that cannot be used is a
// configuration problem (OVERRIDES_FILE), reported like any bad variable.
import { ConfigError } from "../lib/config";
import type { IdentityOverride } from "../lib/domain/overrides";
import { loadOverridesFile } from "../lib/web/view-store";
import { messageOf } from "./store-access";

export function readOverridesFile(file: string): IdentityOverride[] {
  try {
    return loadOverridesFile(file);
  } catch (error) {
    throw new ConfigError([`OVERRIDES_FILE: cannot use ${file}: ${messageOf(error)}`]);
  }
}
