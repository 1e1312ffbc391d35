// Runs once when the web server starts: migrate the store and begin watching it, so the first
// request already finds a view in memory; and start tracing when configured (a no-op under our own
// bin/web.ts, which started it before Next loaded; this covers `next dev`).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ getConfig }, { startTracing }, { readyViewStore }] = await Promise.all([
    import("./lib/config"),
    import("./lib/tracing/setup"),
    import("./lib/web/view-store"),
  ]);
  startTracing("web", getConfig());
  await readyViewStore();
}
