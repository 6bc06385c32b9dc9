// Phrases every rule message is built from, written once so findings read alike.

/** Values listed per field in tallies (event names, IPs, agents, regions). */
const MAX_TALLY = 10;

/** Joins phrases as "a, b and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "1 event", "2 events" (or the given plural). */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "a ×3, b ×1", most frequent first, then by value; missing values are left out. */
export function tally(values: readonly (string | undefined)[], max = MAX_TALLY): string {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== undefined && v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
  if (counts.size === 0) return '(not recorded)';
  const sorted = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const head = sorted.slice(0, max).map(([v, n]) => `${v} ×${n}`);
  if (sorted.length > max) head.push(`and ${sorted.length - max} more`);
  return head.join(', ');
}
