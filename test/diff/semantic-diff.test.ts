import { describe, expect, it } from 'vitest';
import { renderDiffMarkdown } from '../../compiler/render-semantic-diff-markdown.js';
import { renderDiffText } from '../../compiler/render-semantic-diff-text.js';
import { diffSpecs, isEmptyDiff } from '../../compiler/semantic-diff.js';
import { demoChanges } from './cases.js';
import { demoSpecTexts, parseAll } from './demo-specs.js';

const labels = { old: 'old', new: 'new' };

function diffDemo(change: (texts: Map<string, string>) => void, base?: (texts: Map<string, string>) => void) {
  const before = demoSpecTexts();
  const after = demoSpecTexts();
  base?.(before);
  base?.(after);
  change(after);
  return diffSpecs(parseAll(before), parseAll(after));
}

/**
 * Rewrites the demo's specs with the same meaning but another layout. The
 * files are joined in reverse order with other comments, each file on one
 * line. Assignments and value map entries are reversed, and each assigned
 * value gets a redundant pair of parentheses.
 */
function rearrangedDemo(): string {
  const files = [...demoSpecTexts().values()].reverse().map((text) => {
    const lines = text.replace(/#[^\n]*/g, '').split('\n').map((line) => line.trimEnd());
    const wrapped = lines.map((line) => line.replace(/^( {2}[A-Za-z_]\w*\s*=)(?!>)\s*(.*)$/, '$1 ($2)'));
    return reverseRuns(wrapped, (line) => /^ {2}\S.*=/.test(line)).join('\n').replace(/\n\s*/g, ' ');
  });
  return files.join('\n# next file\n');
}

/** Reverses each run of consecutive lines that `inRun` accepts. */
function reverseRuns(lines: readonly string[], inRun: (line: string) => boolean): string[] {
  const result: string[] = [];
  let run: string[] = [];
  for (const line of [...lines, '']) {
    if (inRun(line)) {
      run.push(line);
      continue;
    }
    result.push(...run.reverse(), line);
    run = [];
  }
  return result.slice(0, -1);
}

describe('diffSpecs on changed demo specs', () => {
  it.each(demoChanges)('reports $name as text', ({ base, change, text }) => {
    expect(renderDiffText(diffDemo(change, base), labels)).toBe(text);
  });

  it.each(demoChanges)('reports $name as Markdown', ({ base, change, markdown }) => {
    expect(renderDiffMarkdown(diffDemo(change, base), labels)).toBe(markdown);
  });
});

describe('diffSpecs on formatting-only changes', () => {
  it('finds nothing when the demo is rearranged', () => {
    const rearranged = rearrangedDemo();
    expect(rearranged.split('\n')).toHaveLength(5);
    expect(rearranged).toContain('= (');
    const diff = diffSpecs(parseAll(demoSpecTexts()), parseAll(new Map([['all.pmap', rearranged]])));

    expect(isEmptyDiff(diff)).toBe(true);
    expect(renderDiffText(diff, labels)).toBe('no semantic changes from old to new\n');
    expect(renderDiffMarkdown(diff, labels)).toBe('## Mapping changes from `old` to `new`\n\nno semantic changes\n');
  });

  it('sees a real change inside the rearranged demo', () => {
    const changed = rearrangedDemo().replace(/"Open"\s*=>\s*"Qualified"/, '"Open" => "Won"');
    const diff = diffSpecs(parseAll(demoSpecTexts()), parseAll(new Map([['all.pmap', changed]])));
    expect(renderDiffText(diff, labels)).toBe(`Semantic changes from old to new: value maps: 1 changed

values CaseStage: changed
  ~ "Open"
      - "Qualified"
      + "Won"
`);
  });

  it('finds nothing when comments and blank lines change', () => {
    const after = demoSpecTexts();
    for (const [name, text] of after) after.set(name, text.replace(/#[^\n]*/g, '# another comment').replace(/\n\n/g, '\n\n\n'));
    expect(isEmptyDiff(diffSpecs(parseAll(demoSpecTexts()), parseAll(after)))).toBe(true);
  });
});

describe('diffSpecs keys', () => {
  it('tells a number source value from the same text', () => {
    const before = new Map([['m.pmap', 'values M { 10 => "a" }\n']]);
    const after = new Map([['m.pmap', 'values M { "10" => "a" }\n']]);
    expect(renderDiffText(diffSpecs(parseAll(before), parseAll(after)), labels)).toBe(`Semantic changes from old to new: value maps: 1 changed

values M: changed
  + "10" => "a"
  - 10 => "a"
`);
  });

  it('pairs a field assigned twice by occurrence', () => {
    const before = new Map([['a.pmap', 'object A from pega table t key K to odoo m\n  x = 1\n  x = 2\n']]);
    const after = new Map([['a.pmap', 'object A from pega table t key K to odoo m\n  x = 1\n  x = 3\n']]);
    expect(renderDiffText(diffSpecs(parseAll(before), parseAll(after)), labels)).toBe(`Semantic changes from old to new: objects: 1 changed

object A: changed
  ~ field x
      - 2
      + 3
`);
  });
});
