/**
 * Runs `work` for every phase, each once all the phases it depends on have
 * ended, and at most `limit` at a time. Ready phases start in plan order,
 * so with a limit of 1 the phases run exactly in plan order. A phase that
 * fails should record it in its report: when `work` throws, no phase starts
 * any more, and the error is thrown once the running ones have ended.
 */
export async function runWhenReady<P extends { readonly object: string; readonly dependsOn: readonly string[] }>(
  phases: readonly P[],
  limit: number,
  work: (phase: P, index: number) => Promise<void>,
): Promise<void> {
  const ended = new Set<string>();
  const started = new Set<number>();
  const running = new Set<Promise<void>>();
  const inPlan = new Set(phases.map((phase) => phase.object));

  while (started.size < phases.length) {
    for (let index = 0; index < phases.length && running.size < limit; index += 1) {
      const phase = phases[index]!;
      if (started.has(index)) continue;
      if (!phase.dependsOn.every((dependency) => ended.has(dependency) || !inPlan.has(dependency))) continue;
      started.add(index);
      const task: Promise<void> = work(phase, index).finally(() => {
        ended.add(phase.object);
        running.delete(task);
      });
      running.add(task);
    }
    if (running.size === 0) throw new Error('internal error in pmap: the plan has phases whose dependencies never end');
    try {
      await Promise.race(running);
    } catch (error) {
      await Promise.allSettled(running);
      throw error;
    }
  }
  await Promise.all(running);
}
