// Runs an Odoo sandbox in a process of its own for a benchmark, so the
// benchmark's process.cpuUsage() measures pmap's work alone. Prints the
// sandbox URL as one JSON line, then serves until stdin closes.
// PMAP_BENCH_SANDBOX_LATENCY_MS delays every model call by that many
// milliseconds, as the network and a busy server would.

import { injectFaults, startSandbox } from '../sandbox/server.js';

const sandbox = await startSandbox({ password: process.env.PMAP_BENCH_SANDBOX_PASSWORD ?? 'bench' });
const latencyMs = Number(process.env.PMAP_BENCH_SANDBOX_LATENCY_MS ?? '0');
if (latencyMs > 0) injectFaults(sandbox, { latencyMs, seed: 1 });
process.stdout.write(`${JSON.stringify({ url: sandbox.url, database: sandbox.database, login: sandbox.login })}\n`);

// The parent closes stdin when it is done, or when it dies.
process.stdin.resume();
process.stdin.on('end', () => {
  void sandbox.close().then(() => process.exit(0));
});
