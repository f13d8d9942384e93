/**
 * Scores how alike two names are from their words (see property-words.ts):
 * the Dice coefficient of the two word sets, where words match when equal
 * or when one is a prefix of the other of at least four letters (`org`
 * does not match `organization`, `descr` does). 1 means the same words.
 */
export function wordSimilarity(left: readonly string[], right: readonly string[]): number {
  const a = [...new Set(left)];
  const b = [...new Set(right)];
  if (a.length === 0 || b.length === 0) return 0;
  const matched = a.filter((word) => b.some((other) => wordsMatch(word, other))).length;
  return (2 * matched) / (a.length + b.length);
}

function wordsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.length >= 4 && longer.startsWith(shorter);
}

/**
 * Scores how alike two values are as text (a Pega status and an Odoo stage
 * name): the Dice coefficient of their letter pairs, ignoring case, spaces
 * and punctuation. 1 means the same letters in the same order.
 */
export function textSimilarity(left: string, right: string): number {
  const a = letterPairs(left);
  const b = letterPairs(right);
  if (a.length === 0 || b.length === 0) return normalise(left) === normalise(right) ? 1 : 0;
  const remaining = [...b];
  let matched = 0;
  for (const pair of a) {
    const index = remaining.indexOf(pair);
    if (index === -1) continue;
    matched += 1;
    remaining.splice(index, 1);
  }
  return (2 * matched) / (a.length + b.length);
}

/** Lower case without anything but letters and digits: `Resolved-Completed` → resolvedcompleted. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function letterPairs(text: string): string[] {
  const letters = normalise(text);
  const pairs: string[] = [];
  for (let index = 0; index < letters.length - 1; index += 1) pairs.push(letters.slice(index, index + 2));
  return pairs;
}

/** Rounds a score to two decimals, as proposals print it. */
export function roundScore(score: number): number {
  return Math.round(score * 100) / 100;
}
