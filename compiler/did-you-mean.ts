import { distance } from 'fastest-levenshtein';

/**
 * Returns the candidate closest to `name`, when it is close enough to be a
 * likely typo. A case-only difference always qualifies. Otherwise the edit
 * distance must be at most a third of the name's length, or 2 for any name
 * longer than two characters, because a swapped pair of letters costs 2.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const lowered = name.toLowerCase();
  const limit = name.length <= 2 ? 1 : Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;

  for (const candidate of candidates) {
    if (candidate.toLowerCase() === lowered) return candidate;
    const candidateDistance = distance(lowered, candidate.toLowerCase());
    if (candidateDistance < bestDistance || (candidateDistance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = candidateDistance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** Builds the hint for an unknown name: the suggestion when there is one, else the fallback. */
export function didYouMeanHint(name: string, candidates: Iterable<string>, fallback: string): string {
  const suggestion = closestName(name, candidates);
  return suggestion ? `did you mean \`${suggestion}\`?` : fallback;
}
