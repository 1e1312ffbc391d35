// Warnings name a few ids so an operator can look them up; the counts carry the rest.
const MAX_IDS_IN_WARNING = 10;

export function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, MAX_IDS_IN_WARNING).join(", ");
  return ids.length > MAX_IDS_IN_WARNING ? `${shown}, …` : shown;
}
