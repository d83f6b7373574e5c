/** Longest name compared: env variable names are short, and the bound keeps the work on odd input small. */
const MAX_NAME = 64;

/**
 * The candidate nearest to `name` by edit distance (insertions, deletions, substitutions), when it is near enough to
 * be a typo: at most a third of the name's length, and at least 1 edit away from nothing. Undefined otherwise.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const a = name.slice(0, MAX_NAME);
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(a.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(a, candidate.slice(0, MAX_NAME));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance with one row of memory. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}
