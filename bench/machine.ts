import os from 'node:os';

/** A one-line description of the machine a benchmark ran on, for BENCHMARKS.md. */
export function describeMachine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memory = (os.totalmem() / 1024 ** 3).toFixed(0);
  return `${model}, ${cpus.length} cores, ${memory} GiB memory, ${os.type()} ${os.release()}, Node.js ${process.version}`;
}
