// Small text helpers shared by readers, rules and exceptions.

/** Shortens a value quoted in a message so a huge cell cannot flood the problems list. */
export function clip(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
