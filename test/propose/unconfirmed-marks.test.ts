// The `?` mark of a proposed line: parsed, checked, kept by pmap fmt and
// shown by pmap diff when a person accepts it.

import { describe, expect, it } from 'vitest';

import { compileProject } from '../../compiler/compile.js';
import { formatSpec } from '../../compiler/format-spec.js';
import { renderDiffText } from '../../compiler/render-semantic-diff-text.js';
import { diffSpecs } from '../../compiler/semantic-diff.js';
import { parseSpec } from '../../grammar/parse-spec.js';
import { testProject } from '../support/test-schemas.js';

const draft = `object Case
  from pega table data.pc_acme_cs_work key pyID
  to odoo crm.lead

  name = coalesce(trim(pyLabel), pyID)
  ? stage_id = CaseStage(pyStatusWork)   # proposed 0.85: the case status
  ? x_pega_created = pxCreateDateTime
  ? custom field x_pega_created: datetime "Created in Pega"

values CaseStage -> crm.stage {
  "New" => "New"
  "Open" => ?"Qualified"  # 56 rows
  "Pending" => ? "Resolved-Completed" => ?"Won"
  else => ?
}
`;

describe('unconfirmed marks', () => {
  it('parse on assignments, custom fields and value map targets', () => {
    const parsed = parseSpec('case.pmap', draft);
    expect(parsed.diagnostics).toEqual([]);
    const [object, valueMap] = parsed.spec.declarations;
    if (object?.kind !== 'object' || valueMap?.kind !== 'values') throw new Error('expected an object and a value map');

    expect(object.assignments.map((assignment) => [assignment.field.text, assignment.unconfirmed !== undefined])).toEqual([['name', false], ['stage_id', true], ['x_pega_created', true]]);
    expect(object.customFields[0]?.unconfirmed).toBeDefined();
    expect(valueMap.entries.map((entry) => entry.unconfirmed?.missing)).toEqual([undefined, false, true, false, true]);
  });

  it('are kept by the formatter', () => {
    const formatted = formatSpec('case.pmap', draft).text!;
    expect(formatted).toContain('  name             = coalesce(trim(pyLabel), pyID)\n  ? stage_id       = CaseStage(pyStatusWork)  # proposed 0.85: the case status\n');
    expect(formatted).toContain('  ? custom field x_pega_created: datetime "Created in Pega"\n');
    expect(formatted).toContain('  "Pending"            => ?\n  "Resolved-Completed" => ?"Won"\n  else                 => ?\n');
    expect(formatSpec('case.pmap', formatted).text).toBe(formatted);
  });

  it('give one PM330 error each and no plan', () => {
    const compiled = compileProject(testProject({ 'specs/case.pmap': draft }));
    const marks = compiled.diagnostics.filter((diagnostic) => diagnostic.code === 'PM330');
    expect(marks.map((diagnostic) => diagnostic.span?.startLine)).toEqual([6, 7, 8, 12, 13, 13, 14]);
    expect(marks.every((diagnostic) => diagnostic.severity === 'error')).toBe(true);
    expect(marks[0]?.hint).toBe('review the proposal and remove the ? to accept it');
    expect(compiled.plan).toBeUndefined();
  });

  it('show in pmap diff when accepted', () => {
    const accepted = draft.replace('? stage_id', 'stage_id').replace('?"Qualified"', '"Qualified"');
    const diff = diffSpecs([parseSpec('case.pmap', draft).spec], [parseSpec('case.pmap', accepted).spec]);
    const text = renderDiffText(diff, { old: 'draft', new: 'accepted' });
    expect(text).toContain('? CaseStage(pyStatusWork)');
    expect(text).toContain('?"Qualified"');
  });
});
