// Array helpers that stay safe for any length. `a.push(...b)` and `Math.max(...b)` pass every
// element as an argument, and engines refuse (RangeError: "Maximum call stack size exceeded") past
// some tens of thousands — a 25,000-user report has 125,000 findings. Pure.

/** Appends `items` to `into` one by one; returns `into`. */
export function pushAll<T>(into: T[], items: Iterable<T>): T[] {
  for (const x of items) into.push(x);
  return into;
}

/** The largest number of `values`, or `empty` when there are none. */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let m: number | undefined;
  for (const v of values) if (m === undefined || v > m) m = v;
  return m ?? empty;
}

/** The smallest number of `values`, or `empty` when there are none. */
export function minOf(values: Iterable<number>, empty = Infinity): number {
  let m: number | undefined;
  for (const v of values) if (m === undefined || v < m) m = v;
  return m ?? empty;
}
