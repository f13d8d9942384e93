import { describe, expect, it } from 'vitest';
import { COMMANDS, findCommand, renderCommandHelp, renderOverview } from '../../cli/command-help.js';
import { runPmap } from '../support/run-pmap.js';

const EXPECTED_COMMANDS = ['init', 'propose', 'report', 'check', 'plan', 'apply', 'verify', 'rollback', 'runs', 'force-unlock', 'users', 'discover', 'docs', 'sandbox', 'fmt', 'profile', 'diff'];

describe('command help', () => {
  it('covers every command', () => {
    expect(COMMANDS.map((command) => command.name).sort()).toEqual([...EXPECTED_COMMANDS].sort());
  });

  it('lists every command in the overview', async () => {
    const result = await runPmap(['--help']);

    expect(result.code).toBe(0);
    for (const name of EXPECTED_COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(result.stdout).toContain('130 apply stopped by Ctrl-C');
    expect(result.stdout).toBe(renderOverview());
  });

  for (const command of COMMANDS) {
    it(`prints the help of ${command.name}`, async () => {
      // Every option the help lists is passed, so the parser must know each one; --help then stops before running.
      const options = command.options.flatMap((option) => (option.value ? [`--${option.name}`, 'x'] : [`--${option.name}`]));
      const result = await runPmap([command.name, '--help', ...options]);

      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(renderCommandHelp(command));

      const text = result.stdout;
      expect(text).toMatch(new RegExp(`^pmap ${command.name}: `));
      expect(text).toMatch(new RegExp(`\\nUsage:\\n  pmap ${command.name}`));
      expect(text).toMatch(/\nExamples?:\n  (\S+=\S+ )?pmap /);
      expect(text).toMatch(/\nExit codes:\n  0 /);
      expect(text).toContain('\n  2   wrong usage');
      for (const option of command.options) expect(text).toContain(`\n  --${option.name}`);
    });
  }

  it('documents the units and exit codes of apply', async () => {
    const result = await runPmap(['help', 'apply']);

    expect(result.stdout).toContain('--auto-approve');
    expect(result.stdout).toContain('--verbose');
    expect(result.stdout).toContain('a progress line at most every 5 seconds');
    expect(result.stdout).toContain('less 60 minutes of overlap');
    expect(result.stdout).toMatch(/\n {2}130 stopped by Ctrl-C after a committed batch/);
    expect(result.stdout).toContain('pmap apply examples/demo --sandbox');
    expect(result.stdout).toBe(renderCommandHelp(findCommand('apply')!));
  });

  it('rejects an option of another command', async () => {
    const result = await runPmap(['check', '--sandbox']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('pmap: --sandbox is not an option of pmap check; `pmap help check` lists its options\nrun `pmap --help` for usage\n');
  });

  it('rejects help for an unknown command', async () => {
    const result = await runPmap(['help', 'aply']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('pmap: unknown command "aply"\nrun `pmap --help` for usage\n');
  });
});
