import { displayValue, percent, plural } from './display-value.js';
import type { ColumnKind, ColumnProfile, DuplicateCheck, KeyProblems, ObjectProfile, OrphanCheck, ProfileReport } from './profile-types.js';

/** A run of text: plain words, or a source value that renderers quote, escape and isolate. */
export type Inline = string | { readonly value: string };
export type Text = readonly Inline[];

/** A block of the profile document. Markdown and HTML render the same blocks, so both reports contain the same facts. */
export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string; readonly id?: string }
  | { readonly kind: 'paragraph'; readonly text: Text }
  | { readonly kind: 'list'; readonly items: readonly Text[] }
  | { readonly kind: 'table'; readonly header: readonly string[]; readonly numeric: readonly boolean[]; readonly rows: ReadonlyArray<readonly Text[]> };

/** Duplicate groups listed per check; the JSON output has them all. */
const GROUPS_LISTED = 100;

const KIND_LABELS: Readonly<Record<DuplicateCheck['by'], string>> = { email: 'e-mail address', phone: 'phone number (E.164)', name: 'name' };
const COLUMN_KIND_LABELS: Readonly<Record<ColumnKind, string>> = { email: 'e-mail addresses', phone: 'phone numbers', date: 'dates', postcode: 'postcodes', text: 'text' };

export function profileDocument(report: ProfileReport): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: `Data-quality profile: ${report.project}` },
    {
      kind: 'paragraph',
      text: [
        `Source: ${report.source}. Values are counted as the source holds them, joined but before cleansing rules and dedupe. `,
        `Distinct values are kept up to ${report.maxDistinct} per column, duplicate check and key set; a count at that cap is marked.`,
      ],
    },
  ];
  if (report.generatedAt !== undefined) blocks.push({ kind: 'paragraph', text: [`Generated at ${report.generatedAt}.`] });

  blocks.push({ kind: 'heading', level: 2, text: 'Summary' });
  blocks.push({
    kind: 'table',
    header: ['Object', 'Table', 'Rows', 'Key problems', 'Duplicate groups', 'Orphan references'],
    numeric: [false, false, true, true, true, true],
    rows: report.objects.map((object) => [
      [object.object],
      [object.table],
      [String(object.rows)],
      [String(object.keys.emptyKeys + object.keys.duplicateRows)],
      [String(object.duplicates.reduce((sum, check) => sum + check.groups.length, 0))],
      [String(object.orphans.reduce((sum, check) => sum + check.orphanRows, 0))],
    ]),
  });

  for (const object of report.objects) blocks.push(...objectBlocks(object));
  blocks.push(...signOffBlocks());
  return blocks;
}

function objectBlocks(object: ObjectProfile): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: `${object.object}`, id: `object-${object.object}` },
    { kind: 'paragraph', text: [`${plural(object.rows, 'row')} in ${object.table}, mapped by ${object.specFile}.`] },
  ];
  if (object.readError !== undefined) blocks.push({ kind: 'paragraph', text: [`The source stopped before the last row: ${object.readError} The numbers below cover the rows read.`] });
  if (object.ambiguousJoins > 0) blocks.push({ kind: 'paragraph', text: [`${plural(object.ambiguousJoins, 'row')} matched several rows of a joined table.`] });

  blocks.push({ kind: 'heading', level: 3, text: 'Keys' });
  blocks.push({ kind: 'list', items: keyLines(object.keys) });

  blocks.push({ kind: 'heading', level: 3, text: 'Columns' });
  blocks.push({
    kind: 'table',
    header: ['Column', 'Kind', 'Null', 'Blank', 'Null or blank', 'Leading spaces', 'Trailing spaces', 'Distinct', 'Longest', 'Text hazards'],
    numeric: [false, false, true, true, true, true, true, true, true, false],
    rows: object.columns.map((column) => [
      [column.column],
      [column.kind],
      [String(column.nulls)],
      [String(column.blanks)],
      [percent(column.nulls + column.blanks, object.rows)],
      [String(column.leadingSpaces)],
      [String(column.trailingSpaces)],
      [`${column.distinctCapped ? 'at least ' : ''}${column.distinct}`],
      [String(column.maxLength)],
      [textHazards(column).join(', ')],
    ]),
  });

  for (const column of object.columns) blocks.push(...formatBlocks(column));

  blocks.push({ kind: 'heading', level: 3, text: 'Duplicate candidates' });
  if (object.duplicates.length === 0) blocks.push({ kind: 'paragraph', text: ['No e-mail, phone or name column to compare.'] });
  for (const check of object.duplicates) blocks.push(...duplicateBlocks(check));

  blocks.push({ kind: 'heading', level: 3, text: 'Orphan references' });
  if (object.orphans.length === 0) blocks.push({ kind: 'paragraph', text: ['The spec has no ref(...) to another object.'] });
  else blocks.push(orphanTable(object.orphans));
  return blocks;
}

function keyLines(keys: KeyProblems): Text[] {
  const lines: Text[] = [[`Key: ${keys.key.join(', ')}.`]];
  lines.push([
    keys.emptyKeys === 0
      ? 'No row has an empty key.'
      : `${plural(keys.emptyKeys, 'row')} with an empty key (rows ${keys.emptyKeyRows.join(', ')}${keys.emptyKeys > keys.emptyKeyRows.length ? ', …' : ''}).`,
  ]);
  if (keys.duplicateKeys === 0) lines.push([`No key occurs twice${keys.capped ? ' among the keys kept (the cap was reached)' : ''}.`]);
  else {
    const examples: Inline[] = keys.duplicateExamples.flatMap((example, index) => [index === 0 ? '' : ', ', { value: example.key }, ` (${example.count} rows)`]);
    lines.push([`${plural(keys.duplicateKeys, 'key')} on more than one row, ${plural(keys.duplicateRows, 'extra row')}, for example `, ...examples, '.']);
  }
  return lines;
}

export function textHazards(column: ColumnProfile): string[] {
  return [
    column.lineBreaks > 0 ? `${column.lineBreaks} with line breaks` : '',
    column.htmlMarkup > 0 ? `${column.htmlMarkup} with HTML` : '',
    column.nonAscii > 0 ? `${column.nonAscii} non-ASCII` : '',
    column.rightToLeft > 0 ? `${column.rightToLeft} right-to-left` : '',
  ].filter((hazard) => hazard !== '');
}

function formatBlocks(column: ColumnProfile): Block[] {
  if (column.formats === undefined) return [];
  const total = column.formats.reduce((sum, format) => sum + format.count, 0);
  const country = column.countryColumn === undefined ? '' : ` Country per row from ${column.countryColumn}.`;
  return [
    { kind: 'paragraph', text: [`${column.column} holds ${COLUMN_KIND_LABELS[column.kind]}, written in ${plural(column.formats.length, 'format')}.${country}`] },
    {
      kind: 'table',
      header: ['Format', 'Rows', 'Share', 'Examples'],
      numeric: [false, true, true, false],
      rows: column.formats.map((format) => [[format.label], [String(format.count)], [percent(format.count, total)], valueList(format.examples)]),
    },
  ];
}

function duplicateBlocks(check: DuplicateCheck): Block[] {
  const notes = [
    check.notNormalised > 0 ? ` ${plural(check.notNormalised, 'row')} could not be normalised (a national number without a country) and are left out.` : '',
    check.capped ? ' The cap of distinct values was reached, so later values were not compared.' : '',
  ].join('');
  const summary = `By ${KIND_LABELS[check.by]} (${check.columns.join(', ')}): ${plural(check.groups.length, 'group')}, ${plural(check.rowsInGroups, 'row')}.${notes}`;
  if (check.groups.length === 0) return [{ kind: 'paragraph', text: [summary] }];
  const listed = check.groups.slice(0, GROUPS_LISTED);
  const blocks: Block[] = [
    { kind: 'paragraph', text: [summary] },
    {
      kind: 'table',
      header: ['Normalised value', 'Rows', 'Keys'],
      numeric: [false, true, false],
      rows: listed.map((group) => [[{ value: group.value }], [String(group.count)], [group.keys.join(', ') + (group.count > group.keys.length ? ', …' : '')]]),
    },
  ];
  if (check.groups.length > listed.length) {
    blocks.push({ kind: 'paragraph', text: [`${check.groups.length - listed.length} more groups are in the JSON profile (pmap profile --format json).`] });
  }
  return blocks;
}

function orphanTable(orphans: readonly OrphanCheck[]): Block {
  return {
    kind: 'table',
    header: ['Field', 'Reference', 'Rows with a value', 'Empty', 'Orphan rows', 'Orphan values', 'Examples (value in row)'],
    numeric: [false, false, true, true, true, true, false],
    rows: orphans.map((orphan) => {
      const examples: Inline[] =
        orphan.status === 'checked'
          ? orphan.examples.flatMap((example, index) => [index === 0 ? '' : ', ', { value: example.value }, ` in ${example.key}`])
          : [`not checked: ${orphan.reason ?? ''}`];
      const empty = orphan.uncomputable > 0 ? `${orphan.empty} (+${orphan.uncomputable} not computable)` : String(orphan.empty);
      return [
        [orphan.field],
        [`ref(${orphan.object}, ${orphan.columns.join(', ')})`],
        [String(orphan.rowsWithValue)],
        [empty],
        [orphan.status === 'checked' ? String(orphan.orphanRows) : '-'],
        [orphan.status === 'checked' ? `${orphan.orphanValues}${orphan.capped ? ' (capped)' : ''}` : '-'],
        examples,
      ];
    }),
  };
}

function signOffBlocks(): Block[] {
  return [
    { kind: 'heading', level: 2, text: 'Sign-off' },
    {
      kind: 'paragraph',
      text: ['By signing, the data owner confirms that this profile describes the source data and that the cleansing rules may be written against it.'],
    },
    {
      kind: 'table',
      header: ['Role', 'Name', 'Date', 'Signature'],
      numeric: [false, false, false, false],
      rows: [
        [['Data owner'], [''], [''], ['']],
        [['Migration lead'], [''], [''], ['']],
      ],
    },
  ];
}

function valueList(values: readonly string[]): Inline[] {
  return values.flatMap((value, index) => (index === 0 ? [{ value }] : [', ', { value }]));
}

/** Renders a value the way both renderers quote it, for callers that need plain text. */
export function inlineText(inline: Inline): string {
  return typeof inline === 'string' ? inline : displayValue(inline.value);
}
