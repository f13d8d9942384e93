import { describe, expect, it } from 'vitest';

import type { ProfileReport } from '../../../runtime/profile/profile-types.js';
import { renderProfileHtml } from '../../../runtime/profile/render-profile-html.js';
import { escapeMarkdown, renderProfileMarkdown } from '../../../runtime/profile/render-profile-markdown.js';
import { renderProfileText } from '../../../runtime/profile/render-profile-text.js';

const HOSTILE = '<script>alert("x")</script> | **bold** [link](http://127.0.0.1/)';

function report(): ProfileReport {
  return {
    pmapProfile: 1,
    project: 'acme <test>',
    source: 'BIX XML extract',
    maxDistinct: 1000,
    objects: [
      {
        object: 'Contact',
        table: 'customerdata.contact',
        specFile: 'specs/contact.pmap',
        rows: 3,
        ambiguousJoins: 0,
        keys: { key: ['ContactID'], emptyKeys: 0, emptyKeyRows: [], duplicateKeys: 1, duplicateRows: 1, duplicateExamples: [{ key: HOSTILE, count: 2 }], capped: false },
        columns: [
          {
            column: 'Email',
            kind: 'email',
            nulls: 0,
            blanks: 1,
            leadingSpaces: 0,
            trailingSpaces: 1,
            distinct: 2,
            distinctCapped: false,
            maxLength: 30,
            lineBreaks: 1,
            htmlMarkup: 1,
            nonAscii: 1,
            rightToLeft: 1,
            formats: [{ format: 'invalid', label: 'not a valid address', count: 2, examples: [HOSTILE, 'שלום כהן', 'a\r\nb'] }],
          },
        ],
        duplicates: [{ by: 'email', columns: ['Email'], groups: [{ value: HOSTILE, count: 2, keys: ['CONT-1', 'CONT-2'] }], rowsInGroups: 2, notNormalised: 0, capped: false }],
        orphans: [],
      },
    ],
  };
}

describe('profile renderers', () => {
  it('escapes source values in HTML', () => {
    const html = renderProfileHtml(report());
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt;');
    expect(html).toContain('<bdi><code>&quot;שלום כהן&quot;</code></bdi>');
    expect(html).toContain('<title>Data-quality profile: acme &lt;test&gt;</title>');
  });

  it('keeps the HTML page self-contained', () => {
    const html = renderProfileHtml(report());
    expect(html).not.toMatch(/<script|<link|<img|src=/i);
    expect(html).toContain('<style>');
  });

  it('escapes source values in Markdown', () => {
    const markdown = renderProfileMarkdown(report());
    expect(markdown).not.toContain('<script>');
    expect(markdown).toContain('\\*\\*bold\\*\\* \\[link\\]');
    expect(escapeMarkdown('a | b')).toBe('a \\| b');
    // Every table row keeps its cell count despite the pipe in the value.
    const groupRow = markdown.split('\n').find((line) => line.includes('CONT-1, CONT-2'))!;
    expect(groupRow.replace(/\\\|/g, '').split('|')).toHaveLength(5);
  });

  it('shows line breaks escaped', () => {
    expect(renderProfileMarkdown(report())).toContain('"a\\\\r\\\\nb"');
    expect(renderProfileHtml(report())).toContain('&quot;a\\r\\nb&quot;');
  });

  it('renders the same text twice', () => {
    expect(renderProfileText(report())).toBe(renderProfileText(report()));
    expect(renderProfileMarkdown(report())).toBe(renderProfileMarkdown(report()));
  });

  it('prints the generated-at line only when set', () => {
    expect(renderProfileMarkdown(report())).not.toContain('Generated at');
    expect(renderProfileMarkdown({ ...report(), generatedAt: '2024-06-01T00:00:00Z' })).toContain('Generated at 2024-06-01T00:00:00Z.');
  });
});
