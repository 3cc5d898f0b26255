/** Values of `after` that `before` lacks, in `after`'s order, without duplicates. */
export function added<T>(before: readonly T[], after: readonly T[]): T[] {
  const had = new Set(before);
  return [...new Set(after)].filter((v) => !had.has(v));
}

/** Values of `before` that `after` lacks. */
export function removed<T>(before: readonly T[], after: readonly T[]): T[] {
  return added(after, before);
}

/** Whether two lists hold the same values, ignoring order and duplicates. */
export function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  return added(a, b).length === 0 && removed(a, b).length === 0;
}
