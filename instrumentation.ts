// Runs once when the web server starts: migrate the store and begin watching it,
// so the first request already finds a view in memory.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { readyViewStore } = await import("./lib/web/view-store");
  await readyViewStore();
}
