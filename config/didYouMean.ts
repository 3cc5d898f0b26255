function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The closest known name to a misspelt one, if it is close enough to be a typo. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * The allowed value meant by a wrong one (`P1` → `p1`, `reportonly` or `report-only` → `reportOnly`,
 * `enable` → `enabled`): the same but for case and punctuation, else a close spelling of a word of
 * four letters or more. Short values get no guess: `e5` is a licence, not a typo of `p1`.
 */
export function closestValue(value: string, allowed: readonly string[]): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[\s_-]/g, "");
  const same = allowed.find((candidate) => squash(candidate) === squash(value));
  if (same !== undefined) return same;
  return value.length >= 4 ? closestName(value, allowed) : undefined;
}
