import { readFileSync } from 'node:fs';
import type { ProjectInputs } from '../../compiler/load-project.js';
import { odooModelFromFieldsGet } from '../../runtime/discover-odoo.js';
import type { OdooSchema, PegaSchema } from '../../runtime/schema-types.js';

function fieldsGet(model: string): Record<string, Record<string, unknown>> {
  const url = new URL(`../../sandbox/fields/odoo16/fields_get.${model}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, Record<string, unknown>>;
}

/** Builds an Odoo schema from the real Odoo 16 `fields_get` output the sandbox ships. */
export function testOdooSchema(): OdooSchema {
  return {
    odooSchema: 1,
    serverVersion: '16.0',
    models: {
      'res.partner': odooModelFromFieldsGet('Contact', fieldsGet('res.partner'), new Set(['active', 'type', 'is_company'])),
      'crm.lead': odooModelFromFieldsGet('Lead/Opportunity', fieldsGet('crm.lead'), new Set(['type', 'active', 'priority', 'stage_id', 'user_id'])),
      'crm.stage': odooModelFromFieldsGet('CRM Stages', fieldsGet('crm.stage'), new Set(['sequence'])),
      'mail.message': odooModelFromFieldsGet('Message', fieldsGet('mail.message'), new Set(['message_type', 'date', 'author_id'])),
      'ir.attachment': odooModelFromFieldsGet('Attachment', fieldsGet('ir.attachment'), new Set(['type'])),
    },
  };
}

/** Builds a small Pega schema: organizations, contacts, service cases, their history and attachments. */
export function testPegaSchema(): PegaSchema {
  const text = (column: string, length = 64, nullable = true) => ({ column, type: 'text' as const, nullable, length });
  return {
    pegaSchema: 1,
    tables: {
      'customerdata.organization': {
        className: 'PegaData-Organization',
        columns: { OrganizationID: text('organizationid', 32, false), Name: text('name', 128), Email: text('email', 128) },
      },
      'customerdata.contact': {
        className: 'PegaData-Contact',
        columns: {
          ContactID: text('contactid', 32, false),
          FirstName: text('firstname'),
          LastName: text('lastname'),
          Email: text('email', 128),
          OrganizationID: text('organizationid', 32),
        },
      },
      'data.pc_acme_cs_work': {
        className: 'ACME-CS-Work-Service',
        columns: {
          pyID: text('pyid', 32, false),
          pyLabel: text('pylabel', 64),
          pyStatusWork: text('pystatuswork', 32),
          pxUrgencyWork: { column: 'pxurgencywork', type: 'integer', nullable: true },
          pxCreateDateTime: { column: 'pxcreatedatetime', type: 'datetime', nullable: false },
          CustomerID: text('customerid', 32),
        },
      },
      'data.pc_history_acme_cs_work': {
        className: 'History-ACME-CS-Work-Service',
        columns: {
          pzInsKey: text('pzinskey', 255, false),
          pxObjClass: text('pxobjclass', 96),
          pxHistoryForReference: text('pxhistoryforreference', 255),
          pxTimeCreated: { column: 'pxtimecreated', type: 'datetime', nullable: true },
          pyMemo: text('pymemo', 255),
        },
      },
      'data.pc_data_workattach': {
        className: 'Data-WorkAttach-File',
        columns: {
          pzInsKey: text('pzinskey', 255, false),
          pxRefObjectKey: text('pxrefobjectkey', 255),
          pxAttachName: text('pxattachname', 128),
          pyAttachStream: { column: 'pyattachstream', type: 'text', nullable: true },
        },
      },
    },
  };
}

/** Project inputs held in memory: specs by file name, the test schemas, default options. */
export function testProject(specs: Record<string, string>): ProjectInputs {
  return {
    directory: '.',
    config: {
      source: { kind: 'bix', path: 'extract' },
      target: { url: 'http://127.0.0.1:8069', database: 'test', login: 'admin', passwordEnv: 'PMAP_ODOO_PASSWORD', protocol: 'xmlrpc' },
      module: 'pmap',
      batchSize: 100,
    },
    specs: Object.entries(specs).map(([name, text]) => ({ path: `specs/${name}`, text })),
    pegaSchema: testPegaSchema(),
    odooSchema: testOdooSchema(),
  };
}
