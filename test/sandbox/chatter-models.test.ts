// Activities, messages, meetings and attachments: what a CRM migration
// moves besides the records themselves.

import { createHash } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { OdooClient, expectFault } from './odoo-client.js';

const NOT_NULL_PREFIX =
  'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n' +
  '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n';

describe('chatter models', () => {
  let sandbox: Sandbox;
  let odoo: OdooClient;
  let leadId: number;
  let leadModelId: number;

  beforeAll(async () => {
    sandbox = await startSandbox();
    odoo = new OdooClient(sandbox);
    leadId = (await odoo.executeKw('crm.lead', 'create', [{ name: 'Chatter lead' }])) as number;
    [leadModelId = 0] = (await odoo.executeKw('ir.model', 'search', [[['model', '=', 'crm.lead']]])) as number[];
  });
  afterAll(async () => {
    await sandbox.close();
  });

  async function readOne(model: string, id: number, fields: string[]): Promise<Record<string, unknown>> {
    const [record] = (await odoo.executeKw(model, 'read', [[id], fields])) as Record<string, unknown>[];
    expect(record).toBeDefined();
    return record ?? {};
  }

  test('the default activity types exist', async () => {
    const types = (await odoo.executeKw('mail.activity.type', 'search_read', [[], ['name']])) as { name: string }[];
    expect(types.map((type) => type.name)).toEqual(['Email', 'Call', 'Meeting', 'To-Do', 'Upload Document']);
  });

  test('an activity takes its model name from res_model_id', async () => {
    const id = (await odoo.executeKw('mail.activity', 'create', [
      { res_model_id: leadModelId, res_id: leadId, date_deadline: '2020-01-31', summary: 'Call back' },
    ])) as number;

    expect(await readOne('mail.activity', id, ['res_model', 'res_name', 'user_id', 'activity_type_id', 'state'])).toEqual({
      id,
      res_model: 'crm.lead',
      res_name: 'Chatter lead',
      user_id: [2, 'Administrator'],
      activity_type_id: [4, 'To-Do'],
      state: 'overdue',
    });
  });

  test('an activity needs a model, a record and a deadline', async () => {
    const noModel = await expectFault(odoo.executeKw('mail.activity', 'create', [{ res_id: leadId, date_deadline: '2030-01-01' }]));
    expect(noModel.faultString).toBe(`${NOT_NULL_PREFIX}Model: Activity (mail.activity)\nField: Document Model (res_model_id)\n`);

    const noDeadline = await expectFault(odoo.executeKw('mail.activity', 'create', [{ res_model_id: leadModelId, res_id: leadId }]));
    expect(noDeadline.faultString).toBe(`${NOT_NULL_PREFIX}Model: Activity (mail.activity)\nField: Due Date (date_deadline)\n`);

    for (const resId of [0, false]) {
      const noRecord = await expectFault(
        odoo.executeKw('mail.activity', 'create', [{ res_model_id: leadModelId, res_id: resId, date_deadline: '2030-01-01' }]),
      );
      expect(noRecord).toEqual({
        faultCode: 2,
        faultString: 'The operation cannot be completed: Activities have to be linked to records with a not null res_id.',
      });
    }
  });

  test('a message keeps its past date and defaults its author to the caller', async () => {
    const id = (await odoo.executeKw('mail.message', 'create', [
      { model: 'crm.lead', res_id: leadId, body: '<p>Called the customer</p>', message_type: 'comment', date: '2019-05-04 09:30:00' },
    ])) as number;

    expect(await readOne('mail.message', id, ['date', 'author_id', 'email_from', 'record_name', 'body', 'message_type'])).toEqual({
      id,
      date: '2019-05-04 09:30:00',
      author_id: [3, 'My Company, Administrator'],
      email_from: '"Administrator" <admin@example.com>',
      record_name: 'Chatter lead',
      body: '<p>Called the customer</p>',
      message_type: 'comment',
    });
    const found = await odoo.executeKw('mail.message', 'search', [[['model', '=', 'crm.lead'], ['res_id', '=', leadId]]]);
    expect(found).toEqual([id]);
  });

  test('a message type must be one of Odoo 16', async () => {
    const fault = await expectFault(odoo.executeKw('mail.message', 'create', [{ model: 'crm.lead', res_id: leadId, message_type: 'email_outgoing' }]));
    expect(fault.faultString).toContain("ValueError: Wrong value for mail.message.message_type: 'email_outgoing'");
  });

  test('a meeting has attendees and a computed duration', async () => {
    const id = (await odoo.executeKw('calendar.event', 'create', [
      { name: 'Kick-off', start: '2024-03-01 09:00:00', stop: '2024-03-01 10:30:00', partner_ids: [[6, 0, [3]]], opportunity_id: leadId },
    ])) as number;
    expect(await readOne('calendar.event', id, ['duration', 'partner_ids', 'opportunity_id', 'user_id'])).toEqual({
      id,
      duration: 1.5,
      partner_ids: [3],
      opportunity_id: [leadId, 'Chatter lead'],
      user_id: [2, 'Administrator'],
    });

    const withoutStop = (await odoo.executeKw('calendar.event', 'create', [{ name: 'Call', start: '2024-03-02 15:00:00' }])) as number;
    expect(await readOne('calendar.event', withoutStop, ['stop', 'partner_ids'])).toEqual({
      id: withoutStop,
      stop: '2024-03-02 16:00:00',
      partner_ids: [3],
    });
  });

  test('a meeting cannot end before it starts', async () => {
    const fault = await expectFault(
      odoo.executeKw('calendar.event', 'create', [{ name: 'Backwards', start: '2024-03-01 10:00:00', stop: '2024-03-01 09:00:00' }]),
    );
    expect(fault).toEqual({
      faultCode: 2,
      faultString:
        'The ending date and time cannot be earlier than the starting date and time.\n' +
        "Meeting 'Backwards' starts '2024-03-01 10:00:00' and ends '2024-03-01 09:00:00'",
    });
  });

  test('a meeting needs a start', async () => {
    const fault = await expectFault(odoo.executeKw('calendar.event', 'create', [{ name: 'Whenever' }]));
    expect(fault.faultString).toBe(`${NOT_NULL_PREFIX}Model: Calendar Event (calendar.event)\nField: Start (start)\n`);
  });

  test('an attachment computes size, checksum and mimetype', async () => {
    const bytes = Buffer.from('%PDF-1.4 contract');
    const id = (await odoo.executeKw('ir.attachment', 'create', [
      { name: 'contract.pdf', datas: bytes.toString('base64'), res_model: 'crm.lead', res_id: leadId },
    ])) as number;

    expect(await readOne('ir.attachment', id, ['file_size', 'checksum', 'mimetype', 'datas', 'type', 'res_model', 'res_id'])).toEqual({
      id,
      file_size: bytes.length,
      checksum: createHash('sha1').update(bytes).digest('hex'),
      mimetype: 'application/pdf',
      datas: bytes.toString('base64'),
      type: 'binary',
      res_model: 'crm.lead',
      res_id: leadId,
    });
  });

  test('an attachment mimetype comes from the name, the given value or the bytes', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'notes.txt', datas: Buffer.from('hello').toString('base64') }, 'text/plain'],
      [{ name: 'data', datas: Buffer.from('hello').toString('base64'), mimetype: 'text/csv' }, 'text/csv'],
      [{ name: 'scan', datas: Buffer.from('\x89PNG\r\n\x1a\n....', 'latin1').toString('base64') }, 'image/png'],
      [{ name: 'blob', datas: Buffer.from('hello').toString('base64') }, 'application/octet-stream'],
    ];
    for (const [values, mimetype] of cases) {
      const id = (await odoo.executeKw('ir.attachment', 'create', [values])) as number;
      expect((await readOne('ir.attachment', id, ['mimetype'])).mimetype, String(values.name)).toBe(mimetype);
    }
  });
});
