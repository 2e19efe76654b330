/** Suggests the known key closest to a mistyped one, for "unknown key" messages. */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  const loose = (s: string): string => s.toLowerCase().replace(/[_-]/g, '');
  // Same letters in another case convention (failureThreshold vs failure_threshold) is the likeliest slip.
  const sameLetters = known.find((k) => loose(k) === loose(key));
  if (sameLetters) return sameLetters;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const d = levenshtein(loose(key), loose(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Edit distance (insertions, deletions, substitutions), two rows of memory. */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
