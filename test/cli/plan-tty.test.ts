import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { copyDemoProject } from '../support/demo-project.js';
import { runPmap } from '../support/run-pmap.js';

const binary = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('tmux is not installed, so the pseudo-terminal test of pmap plan is skipped');

/** A tmux server of this test alone, on its own socket, so no user session is touched. */
const socket = `pmap-plan-test-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
}

function screen(session: string, options: { escapes?: boolean } = {}): string {
  return tmux('capture-pane', '-p', ...(options.escapes ? ['-e'] : []), '-t', session);
}

async function waitForScreen(session: string, text: string): Promise<string> {
  await vi.waitFor(() => expect(screen(session)).toContain(text), { timeout: 30_000, interval: 200 });
  return screen(session);
}

/** Starts `pmap plan --sandbox` in a 120x40 pseudo-terminal; the shell prints the exit code when it ends. */
function startPlan(session: string, directory: string, environment: string): void {
  const command = `${environment} ${JSON.stringify(process.execPath)} ${JSON.stringify(binary)} plan ${JSON.stringify(directory)} --sandbox; echo "pmap exited with $?"; sleep 600`;
  tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', command);
}

describe.skipIf(!hasTmux)('pmap plan in a terminal', () => {
  let directory: string;

  beforeAll(async () => {
    directory = copyDemoProject();
    const applied = await runPmap(['apply', directory, '--sandbox']);
    expect(applied.code).toBe(0);
  });

  afterAll(() => {
    if (!hasTmux) return;
    // kill-server leaves the socket file behind, so it is removed too.
    const socketPath = spawnSync('tmux', ['-L', socket, 'display-message', '-p', '#{socket_path}'], { encoding: 'utf8' }).stdout.trim();
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    if (socketPath) rmSync(socketPath, { force: true });
  });

  it('opens an object and quits', async () => {
    startPlan('navigate', directory, 'env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR TERM=xterm-256color');
    const list = await waitForScreen('navigate', 'Enter open');
    expect(list).toMatch(/› 1 {2}Company {5}res\.partner/);
    expect(list).toMatch(/3 {2}WorkObject {2}crm\.lead {12}0 {9}0 {10}485 {10}15/);

    tmux('send-keys', '-t', 'navigate', 'j', 'j');
    await waitForScreen('navigate', '› 3  WorkObject');
    tmux('send-keys', '-t', 'navigate', 'Enter');
    const details = await waitForScreen('navigate', 'Esc or q back');
    expect(details).toContain('WorkObject: data.pc_acme_cs_work -> crm.lead (level 3, after Contact)');
    expect(details).toContain('Rejected, by reason:');
    expect(details).toContain('! 15 x partner_id references a Contact that was not loaded');

    tmux('send-keys', '-t', 'navigate', 'Escape');
    await waitForScreen('navigate', 'Enter open');
    tmux('send-keys', '-t', 'navigate', 'q');
    const closed = await waitForScreen('navigate', 'pmap exited with 0');
    expect(closed).toContain('› 3  WorkObject');
  });

  it('colors rows unless NO_COLOR is set', async () => {
    startPlan('colored', directory, 'env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR TERM=xterm-256color');
    await waitForScreen('colored', 'Enter open');
    // The WorkObject row has rejects, so it is red (SGR 31) when colors are on.
    expect(screen('colored', { escapes: true })).toMatch(/\u001b\[31m {2}3 {2}WorkObject/);
    tmux('send-keys', '-t', 'colored', 'q');
    await waitForScreen('colored', 'pmap exited with 0');

    startPlan('plain', directory, 'env -u CI -u CONTINUOUS_INTEGRATION NO_COLOR=1 TERM=xterm-256color');
    await waitForScreen('plain', 'Enter open');
    const plain = screen('plain', { escapes: true });
    expect(plain).toContain('3  WorkObject');
    // tmux writes SGR 39 and 49 (default colors) itself; a color set by pmap would be 30-38 or 90-97.
    expect(plain).not.toMatch(/\u001b\[(?:\d+;)*(?:3[0-8]|9[0-7])[;m]/);
    tmux('send-keys', '-t', 'plain', 'q');
    await waitForScreen('plain', 'pmap exited with 0');
  });
});
