import { describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile.js';
import { toOdooValue } from '../../runtime/convert-value.js';
import { evaluateExpression } from '../../runtime/evaluate-expression.js';
import { RecordRejected } from '../../runtime/reject.js';
import type { SourceRecord } from '../../runtime/sources/source.js';
import { toBase64 } from '../../runtime/transforms/binary-functions.js';
import { testProject } from '../support/test-schemas.js';

const pdfHeader = Buffer.from('%PDF-1.7\n\u00e4\u0000\u00ff', 'latin1');

describe('toBase64', () => {
  const cases: Array<[string, Parameters<typeof toBase64>[1], string | undefined]> = [
    [pdfHeader.toString('base64'), 'base64', pdfHeader.toString('base64')],
    // MIME and BIX wrap long Base64 values; the padding may be left out.
    ['JVBE\r\nRi0x\n Ljc=', 'base64', 'JVBERi0xLjc='],
    ['JVBERi0xLjc', 'base64', 'JVBERi0xLjc='],
    ['JVBERi0x*Ljc=', 'base64', undefined],
    ['JVBERi0xL', 'base64', undefined],
    ['JVBERi0xLjc=x', 'base64', undefined],
    ['\\x255044462d', 'hex', Buffer.from('%PDF-').toString('base64')],
    ['255044462D', 'hex', Buffer.from('%PDF-').toString('base64')],
    ['\\x2550f', 'hex', undefined],
    ['Zusage per Telefon erhalten.\r\nBitte prüfen.', 'text', Buffer.from('Zusage per Telefon erhalten.\r\nBitte prüfen.', 'utf8').toString('base64')],
  ];

  it.each(cases)('reads %j as %s', (text, encoding, expected) => {
    expect(toBase64(text, encoding)).toBe(expected);
  });
});

/** Compiles `datas = <expression>` on an attachment object and evaluates it for one record, converted as it is sent. */
function datas(expression: string, record: SourceRecord): unknown {
  const spec = `object WorkObject from pega table data.pc_acme_cs_work key pyID to odoo crm.lead
  name = pyID

object File from pega table data.pc_data_workattach key pzInsKey to odoo ir.attachment
  name      = pzInsKey
  res_model = "crm.lead"
  res_id    = record_id(WorkObject, pxRefObjectKey)
  datas     = ${expression}
`;
  const result = compileProject(testProject({ 'file.pmap': spec }));
  expect(result.diagnostics).toEqual([]);
  const field = result.plan!.phases.find((phase) => phase.object === 'File')!.fields.find((entry) => entry.field === 'datas')!;
  const value = evaluateExpression(field.expression, { pzInsKey: 'F-1', ...record }, { valueMaps: {}, resolvedTargets: new Map() });
  return toOdooValue(value as Exclude<typeof value, { ref: string }>, field);
}

describe('base64 in a spec', () => {
  it('sends Base64 content as Odoo stores it', () => {
    expect(datas('base64(pyAttachStream)', { pyAttachStream: 'JVBE\nRi0xLjc' })).toBe('JVBERi0xLjc=');
  });

  it('clears the field for empty content', () => {
    expect(datas('base64(pyAttachStream)', { pyAttachStream: null })).toBe(false);
  });

  it('rejects content that is not Base64, without the content in the reason', () => {
    const content = 'not base64 at all!'.repeat(100);
    let reason = '';
    try {
      datas('base64(pyAttachStream)', { pyAttachStream: content });
    } catch (error) {
      if (!(error instanceof RecordRejected)) throw error;
      reason = error.reason.message;
    }
    expect(reason).toBe('base64(pyAttachStream): the value (1800 characters) is not Base64 text');
  });

  it('encodes a note as a text file', () => {
    expect(datas('base64(pxAttachName, encoding: "text")', { pxAttachName: 'Kündigung' })).toBe(Buffer.from('Kündigung').toString('base64'));
  });
});
