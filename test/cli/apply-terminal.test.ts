import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { OdooClient } from '../../runtime/odoo/odoo-client.js';
import { startSandbox } from '../../sandbox/server.js';
import { copyDemoProject } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

const binary = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const hasTmux = spawnSync('which', ['tmux']).status === 0;
if (!hasTmux) console.warn('skipping the terminal tests of pmap apply: tmux is not installed, and they need it for a pseudo-terminal');

// A socket of this test's own, so the tests start and stop only their tmux server.
const socket = `pmap-apply-test-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env: terminalEnvironment({}) });
}

/**
 * Builds the environment of the pmap run inside tmux: no CI variables, because
 * Ink renders only a final frame when it believes it runs in CI.
 */
function terminalEnvironment(extra: Record<string, string>): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name === 'CI' || name === 'CONTINUOUS_INTEGRATION' || name.startsWith('CI_') || name === 'NO_COLOR') continue;
    environment[name] = value;
  }
  return { ...environment, ...extra };
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Starts `pmap apply` in a detached 200x50 tmux window; the shell reports pmap's exit code and keeps the window open. */
function startApply(session: string, directory: string, options: { extraArguments?: string[]; environment?: Record<string, string> } = {}): void {
  const variables = Object.entries(options.environment ?? {}).map(([name, value]) => `${name}=${shellQuote(value)} `).join('');
  const command = `cd ${shellQuote(directory)} && ${variables}${shellQuote(process.execPath)} ${shellQuote(binary)} apply . --sandbox ${(options.extraArguments ?? []).join(' ')}; echo "pmap exited with $?"; sleep 600`;
  tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', command);
}

function screen(session: string, withEscapes = false): string {
  return tmux('capture-pane', '-p', ...(withEscapes ? ['-e'] : []), '-t', session);
}

/** Polls the window until `text` shows, failing with the screen after `timeoutMs`. */
async function waitFor(session: string, text: string, timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = screen(session);
    if (shown.includes(text)) return shown;
    if (Date.now() > deadline) throw new Error(`"${text}" did not show within ${timeoutMs} ms; the screen shows:\n${shown}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!hasTmux)('pmap apply on a terminal', () => {
  afterAll(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  });

  it('asks, loads after yes and ends with the reconciliation table', async () => {
    startApply('yes', copyDemoProject());

    const prompt = await waitFor('yes', "Apply? Only 'yes' is accepted:");
    expect(prompt).toContain('1. Company: customerdata.organization -> res.partner, 40 rows expected');
    expect(prompt).not.toContain('loading');
    tmux('send-keys', '-t', 'yes', 'yes', 'Enter');

    const done = await waitFor('yes', 'pmap exited with');
    expect(done).toContain('pmap exited with 0');
    expect(done).toMatch(/^done +Company +\[#{20}\] 40\/40 rows \(100%\), [\d.,]+ rows\/s, took [\d.]+s; created 40, updated 0, unchanged 0, rejects 0, retries 0$/m);
    expect(done).toMatch(/^done +WorkObject +\[#{20}\] 500\/500 rows \(100%\), .*created 485, updated 0, unchanged 0, rejects 15, retries 0$/m);
    expect(done).toMatch(/Object +Model +Source rows +Deduplicated +Created +Updated +Unchanged +Rejected +In Odoo/);
    expect(done).toMatch(/WorkObject +crm\.lead +500 +0 +485 +0 +0 +15 +485/);
    expect(done).toContain('Reconciliation: every source row is accounted for, and Odoo holds every loaded record.');
    // The table shows once, under the phase lines.
    expect(done.split('Object      Model').length).toBe(2);
    expect(done.indexOf('Object      Model')).toBeGreaterThan(done.indexOf('done    WorkObject'));
    expect(screen('yes', true)).toContain('\u001b[32mdone');
  });

  it('loads nothing after no', async () => {
    const directory = copyDemoProject();
    startApply('no', directory);

    await waitFor('no', "Apply? Only 'yes' is accepted:");
    tmux('send-keys', '-t', 'no', 'no', 'Enter');

    const done = await waitFor('no', 'pmap exited with');
    expect(done).toContain('Apply cancelled; nothing was loaded.');
    expect(done).toContain('pmap exited with 1');
    expect(done).not.toContain('loading');
    expect(existsSync(join(directory, '.pmap', 'reports'))).toBe(false);
    expect(existsSync(join(directory, '.pmap', 'rejects'))).toBe(false);
    expect((await runPmap(['runs', directory])).stdout).toBe('No runs yet: `pmap apply` records one.\n');

    // The sandbox the run started keeps its data in the project; it must hold no pmap record.
    const persistFile = join(directory, '.pmap', 'sandbox', 'odoo.json');
    expect(existsSync(persistFile)).toBe(true);
    const sandbox = await startSandbox({ password: 'check', persistFile });
    try {
      const client = await OdooClient.connect({ url: sandbox.url, database: sandbox.database, login: sandbox.login, password: 'check' });
      expect(await client.searchCount('ir.model.data', [['module', '=', 'pmap']])).toBe(0);
      expect(await client.searchCount('crm.lead', [])).toBe(0);
    } finally {
      await sandbox.close();
    }
  });

  it('writes no colors when NO_COLOR is set', async () => {
    startApply('plain', copyDemoProject(), { extraArguments: ['--auto-approve'], environment: { NO_COLOR: '1' } });

    const done = await waitFor('plain', 'pmap exited with');
    expect(done).toContain('pmap exited with 0');
    expect(done).not.toContain("Only 'yes' is accepted");
    expect(done).not.toContain('Not asking for confirmation');
    expect(done).toMatch(/^done +Company +\[#{20}\]/m);
    expect(screen('plain', true)).not.toMatch(/\u001b\[3\dm/);
  });
});
