import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global setup: builds `dist/` once before the suites run, so tests
 * that drive the real `pmap` binary never run a stale build.
 */
export default function buildOnce(): void {
  // Set PMAP_TEST_SKIP_BUILD=1 to run suites that do not start the binary against the sources as they are.
  if (process.env.PMAP_TEST_SKIP_BUILD === '1') return;
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, [fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, ['scripts/copy-assets.mjs'], { cwd: root, stdio: 'inherit' });
}
