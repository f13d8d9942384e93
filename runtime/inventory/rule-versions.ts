/**
 * Orders rule versions. A rule-set version is `major-minor-patch`, two digits
 * each (`01-02-01`); a later version wins, and of two instances with the same
 * version, the one with the later creation time in its handle
 * (`… #20201102T101010.123 GMT`) wins.
 */

function versionParts(version: string | undefined): number[] {
  return (version ?? '').split('-').map((part) => Number.parseInt(part, 10) || 0);
}

function handleTime(handle: string): string {
  return handle.slice(handle.lastIndexOf('#') + 1);
}

/** Returns a negative number when `left` is older than `right`. */
export function compareRuleVersions(left: { ruleSetVersion?: string; handle: string }, right: { ruleSetVersion?: string; handle: string }): number {
  const leftParts = versionParts(left.ruleSetVersion);
  const rightParts = versionParts(right.ruleSetVersion);
  for (let index = 0; index < Math.max(leftParts.length, rightParts.length); index += 1) {
    const difference = (leftParts[index] ?? 0) - (rightParts[index] ?? 0);
    if (difference !== 0) return difference;
  }
  const leftTime = handleTime(left.handle);
  const rightTime = handleTime(right.handle);
  return leftTime < rightTime ? -1 : leftTime > rightTime ? 1 : 0;
}

/** Returns the newest of the given instances. */
export function newest<T extends { ruleSetVersion?: string; handle: string }>(instances: readonly T[]): T | undefined {
  return instances.reduce<T | undefined>((best, instance) => (best === undefined || compareRuleVersions(instance, best) > 0 ? instance : best), undefined);
}
