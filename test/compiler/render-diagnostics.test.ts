import { describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { renderDiagnosticsJson, renderDiagnosticsText } from '../../compiler/render-diagnostics.js';
import { testProject } from '../support/test-schemas.js';

const spec = `object Contact
  from pega table customerdata.contact key ContactID
  to odoo res.partner
  name  = trim(FirstNmae)
`;

describe('diagnostic rendering', () => {
  const diagnostics = compileProject(testProject({ 'contact.pmap': spec })).diagnostics;
  const displayPath = (file: string) => `project/${file}`;

  it('renders text with location, source line, caret and hint', () => {
    const text = renderDiagnosticsText(diagnostics, { sources: new Map([['specs/contact.pmap', spec]]), displayPath });
    expect(text).toBe(
      [
        'error[PM202]: unknown column `FirstNmae` in Pega table customerdata.contact',
        ' --> project/specs/contact.pmap:4:16',
        '  |',
        '4 |   name  = trim(FirstNmae)',
        '  |                ^^^^^^^^^',
        '  = hint: did you mean `FirstName`?',
        '',
        '1 error, 0 warnings',
        '',
      ].join('\n'),
    );
  });

  it('renders JSON for editors', () => {
    const json = JSON.parse(renderDiagnosticsJson(diagnostics, { displayPath })) as unknown[];
    expect(json).toEqual([
      {
        code: 'PM202',
        severity: 'error',
        message: 'unknown column `FirstNmae` in Pega table customerdata.contact',
        location: { file: 'project/specs/contact.pmap', line: 4, column: 16, endLine: 4, endColumn: 25 },
        hint: 'did you mean `FirstName`?',
      },
    ]);
  });
});
