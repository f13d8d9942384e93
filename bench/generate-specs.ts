import { mulberry32 } from '../test/fixtures/seeded-random.js';
import type { ProjectInputs } from '../compiler/load-project.js';
import type { OdooField, OdooModel, OdooSchema, PegaColumn, PegaSchema, PegaTable } from '../runtime/schema-types.js';

/**
 * Options of a generated migration project for compile benchmarks: one spec
 * per object, each reading its own Pega table into its own Odoo model, with a
 * Pega and an Odoo schema that match the specs. Every spec uses every
 * expression kind of the language, so the checker does the work a real
 * project needs. These kinds are columns, literals, nested library calls,
 * value maps into selections and into records, lookups of one record and of
 * a list, refs to earlier objects, if, case, comparisons and logic. The same
 * options always give the same project.
 */
export interface GenerateOptions {
  readonly objects: number;
  readonly fieldsPerObject: number;
  readonly seed: number;
}

/** A field expression and the Odoo field that receives it. */
interface GeneratedField {
  readonly expression: string;
  readonly field: OdooField;
}

interface ObjectContext {
  readonly index: number;
  readonly random: () => number;
  readonly models: readonly string[];
}

type FieldTemplate = (context: ObjectContext) => GeneratedField;

const statuses = ['New', 'Open', 'Pending-Approval', 'Resolved-Completed', 'Resolved-Cancelled'];
const stageNames = ['Draft', 'Qualified', 'Proposition', 'Won'];
const textColumns = ['Text1', 'Text2', 'Text3', 'Text4', 'Text5', 'Text6', 'Text7', 'Text8'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function field(type: OdooField['type'], label: string, extra: Partial<OdooField> = {}): OdooField {
  return { type, string: label, required: false, readonly: false, store: true, ...extra };
}

function pad(index: number): string {
  return String(index).padStart(3, '0');
}

function objectName(index: number): string {
  return `Object${pad(index)}`;
}

function tableName(index: number): string {
  return `gen.table_${pad(index)}`;
}

function modelName(index: number): string {
  return `x_gen.model_${pad(index)}`;
}

/** One template per expression kind. Objects cycle through them, so each spec uses all of them. */
const templates: readonly FieldTemplate[] = [
  ({ random }) => ({ expression: pick(random, textColumns), field: field('char', 'Column') }),
  () => ({ expression: '"Imported from Pega"', field: field('char', 'String literal') }),
  ({ random }) => ({ expression: String(Math.floor(random() * 1000)), field: field('integer', 'Number literal') }),
  ({ random }) => ({ expression: `upper(trim(${pick(random, textColumns)}))`, field: field('char', 'Nested call') }),
  ({ random }) => ({ expression: `join(" ", trim(${pick(random, textColumns)}), lower(${pick(random, textColumns)}))`, field: field('char', 'Join') }),
  ({ random }) => ({ expression: `truncate(coalesce(trim(${pick(random, textColumns)}), Label, RecordID), 64)`, field: field('char', 'Truncated') }),
  ({ random }) => ({ expression: `integer(${pick(random, textColumns)}, invalid: "null")`, field: field('integer', 'Parsed count') }),
  ({ random }) => ({ expression: `round(decimal(${pick(random, textColumns)}, invalid: "null"), 2)`, field: field('float', 'Parsed amount') }),
  ({ random }) => ({ expression: `date(${pick(random, textColumns)}, format: "dd.MM.yyyy", invalid: "null")`, field: field('date', 'Parsed date') }),
  () => ({ expression: 'datetime(UpdatedAt, tz: "Europe/Berlin")', field: field('datetime', 'Updated') }),
  () => ({ expression: 'email(Email, invalid: "null")', field: field('char', 'Email') }),
  () => ({ expression: 'phone(Phone, region: "US")', field: field('char', 'Phone') }),
  ({ random }) => ({ expression: `regex_extract(${pick(random, textColumns)}, "([0-9]+)", 1)`, field: field('char', 'Extracted number') }),
  ({ random }) => ({ expression: `replace(title(${pick(random, textColumns)}), "-", " ")`, field: field('char', 'Replaced') }),
  ({ random }) => ({ expression: `default(nullif(${pick(random, textColumns)}, "N/A"), "unknown")`, field: field('char', 'Defaulted') }),
  ({ random }) => ({ expression: `html(${pick(random, textColumns)})`, field: field('html', 'Notes') }),
  ({ index }) => ({
    expression: `Tier${pad(index)}(Status)`,
    field: field('selection', 'Tier', { selection: [['gold', 'Gold'], ['silver', 'Silver'], ['bronze', 'Bronze']] }),
  }),
  ({ index }) => ({ expression: `Stage${pad(index)}(Status)`, field: field('many2one', 'Stage', { relation: 'x_gen.stage' }) }),
  () => ({ expression: 'lookup(res.country, code: upper(trim(CountryCode)))', field: field('many2one', 'Country', { relation: 'res.country' }) }),
  () => ({ expression: 'lookup(x_gen.tag, name: split(Segments, ";"))', field: field('many2many', 'Tags', { relation: 'x_gen.tag' }) }),
  ({ index, random, models }) => {
    if (index === 0) return { expression: 'ParentRef', field: field('char', 'Parent key') };
    const target = Math.floor(random() * index);
    return { expression: `ref(${objectName(target)}, ParentRef)`, field: field('many2one', 'Parent', { relation: models[target]! }) };
  },
  () => ({ expression: 'if Count1 >= 50 then "high" else "low"', field: field('char', 'Band') }),
  () => ({ expression: 'if Email is null then "none" else lower(trim(Email))', field: field('char', 'Contact email') }),
  () => ({
    expression: 'case Status when "New" then "0" when "Open" then "1" else "2" end',
    field: field('selection', 'Priority', { selection: [['0', 'Low'], ['1', 'Medium'], ['2', 'High']] }),
  }),
  () => ({ expression: 'case when Count1 > 100 then 3 when Count1 > 10 then 2 else 1 end', field: field('integer', 'Size class') }),
  () => ({ expression: 'Flag or (Count2 > 0 and not (Email is null))', field: field('boolean', 'Reachable') }),
  () => ({ expression: 'Status != "Resolved-Cancelled"', field: field('boolean', 'Open') }),
  () => ({ expression: 'Count2', field: field('integer', 'Count') }),
  () => ({ expression: 'Amount', field: field('float', 'Amount') }),
  () => ({ expression: 'BirthDate', field: field('date', 'Birth date') }),
];

function pegaTable(index: number): PegaTable {
  const text = (column: string, length = 64, nullable = true): PegaColumn => ({ column, type: 'text', nullable, length });
  const columns: Record<string, PegaColumn> = {
    RecordID: text('recordid', 32, false),
    Label: text('label'),
    Status: text('status', 32),
    Email: text('email', 128),
    Phone: text('phone', 32),
    CountryCode: text('countrycode', 2),
    ParentRef: text('parentref', 32),
    Segments: text('segments', 256),
    Count1: { column: 'count1', type: 'integer', nullable: true },
    Count2: { column: 'count2', type: 'integer', nullable: true },
    Amount: { column: 'amount', type: 'decimal', nullable: true },
    BirthDate: { column: 'birthdate', type: 'date', nullable: true },
    UpdatedAt: { column: 'updatedat', type: 'datetime', nullable: false },
    Flag: { column: 'flag', type: 'truefalse', nullable: true },
  };
  for (const name of textColumns) columns[name] = text(name.toLowerCase());
  return { className: `ACME-Gen-Table${pad(index)}`, columns };
}

function specText(index: number, fields: ReadonlyArray<readonly [string, GeneratedField]>): string {
  const assignments = fields.map(([name, generated]) => `  ${name} = ${generated.expression}`);
  const statusEntries = statuses.map((status, position) => `  "${status}" => "${['gold', 'silver', 'bronze'][position % 3]}"`);
  const stageEntries = statuses.map((status, position) => `  "${status}" => "${stageNames[position % stageNames.length]}"`);
  return [
    `# Generated object ${index}: Pega table ${tableName(index)} into ${modelName(index)}.`,
    `object ${objectName(index)}`,
    `  from pega table ${tableName(index)} key RecordID`,
    `  to odoo ${modelName(index)}`,
    '',
    ...assignments,
    '',
    `values Tier${pad(index)} {`,
    ...statusEntries,
    '  else => "bronze"',
    '}',
    '',
    `values Stage${pad(index)} -> x_gen.stage {`,
    ...stageEntries,
    '  else => error',
    '}',
    '',
  ].join('\n');
}

/** Generates the specs and both schemas. `fieldsPerObject` counts the required `name` too. */
export function generateSpecProject(options: GenerateOptions): ProjectInputs {
  const random = mulberry32(options.seed);
  const models = Array.from({ length: options.objects }, (_, index) => modelName(index));
  const tables: Record<string, PegaTable> = {};
  const odooModels: Record<string, OdooModel> = {
    'x_gen.stage': { description: 'Stage', fields: { name: field('char', 'Name', { required: true }) } },
    'x_gen.tag': { description: 'Tag', fields: { name: field('char', 'Name', { required: true }) } },
    'res.country': { description: 'Country', fields: { name: field('char', 'Name', { required: true }), code: field('char', 'Country Code', { size: 2 }) } },
  };
  const specs = [];

  for (let index = 0; index < options.objects; index += 1) {
    const context: ObjectContext = { index, random, models };
    const fields: Array<readonly [string, GeneratedField]> = [
      ['name', { expression: 'coalesce(trim(Label), RecordID)', field: field('char', 'Name', { required: true }) }],
    ];
    for (let position = 1; position < options.fieldsPerObject; position += 1) {
      const template = templates[(index + position) % templates.length]!;
      fields.push([`x_f${String(position).padStart(2, '0')}`, template(context)]);
    }

    tables[tableName(index)] = pegaTable(index);
    odooModels[modelName(index)] = { description: `Generated model ${index}`, fields: Object.fromEntries(fields.map(([name, generated]) => [name, generated.field])) };
    specs.push({ path: `specs/object-${pad(index)}.pmap`, text: specText(index, fields) });
  }

  const pegaSchema: PegaSchema = { pegaSchema: 1, tables };
  const odooSchema: OdooSchema = { odooSchema: 1, serverVersion: '16.0', models: odooModels };
  return {
    directory: '.',
    config: {
      source: { kind: 'bix', path: 'extract' },
      target: { url: 'http://127.0.0.1:8069', database: 'bench', login: 'admin', passwordEnv: 'PMAP_ODOO_PASSWORD', protocol: 'xmlrpc' },
      state: { kind: 'sqlite' },
      module: 'pmap',
      batchSize: 100,
    },
    specs,
    pegaSchema,
    odooSchema,
  };
}
