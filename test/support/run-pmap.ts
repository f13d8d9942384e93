import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const binary = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface PmapResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `pmap` binary as a user would, with only the given extra environment variables. */
export function runPmap(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<PmapResult> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...process.env, ...options.env })) if (value !== undefined) environment[name] = value;

  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binary, ...args], { cwd: options.cwd, env: environment });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
