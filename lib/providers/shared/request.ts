// Small request-side helpers shared by the provider clients.

/** Joins a base URL from config (maybe with a trailing slash) and an absolute path. */
export function joinUrl(baseUrl: string, path: string, query: Record<string, string>): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, "")}${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}

/** Providers and the simulator mark made-up data with this header. */
export function isSimulated(headers: Headers): boolean {
  return headers.get("x-simulated-data") === "true";
}
