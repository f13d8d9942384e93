import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../grammar/parse-spec.js';

describe('parseSpec comments', () => {
  const source = `# header
object A from pega table t key K to odoo m
  name = K   # trailing
`;

  it('returns every comment with its span', () => {
    const { comments, diagnostics } = parseSpec('c.pmap', source);

    expect(diagnostics).toEqual([]);
    expect(comments.map((comment) => comment.text)).toEqual(['# header', '# trailing']);
    expect(comments[0]!.span).toMatchObject({ file: 'c.pmap', startLine: 1, startColumn: 1, endColumn: 9, startOffset: 0, endOffset: 8 });
    expect(comments[1]!.span).toMatchObject({ startLine: 3, startColumn: 14, endLine: 3, endColumn: 24 });
  });

  it('keeps comments out of the AST', () => {
    const { spec } = parseSpec('c.pmap', source);
    expect(JSON.stringify(spec)).not.toContain('#');
  });

  it('returns comments of a file with syntax errors', () => {
    const { comments, diagnostics } = parseSpec('c.pmap', 'object # no name\n');
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(comments.map((comment) => comment.text)).toEqual(['# no name']);
  });
});
