import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BixCsvError, BixCsvSource, type BixCsvSourceOptions } from '../../runtime/sources/bix-csv.js';
import { BixFileNotFoundError, BixXmlSource } from '../../runtime/sources/bix-xml.js';
import { CsvRowParser } from '../../runtime/sources/bix-csv-parser.js';
import type { SourceRecord, SourceTableRef } from '../../runtime/sources/source.js';
import { csvRow, renderBixCsv } from '../fixtures/bix-csv-writer.js';
import { renderBixXml } from '../fixtures/bix-xml-writer.js';
import { generateDemoDataset } from '../fixtures/demo-dataset.js';
import { DEMO_TABLES } from '../fixtures/demo-schema.js';

let root: string;
let folderCount = 0;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'pmap-bix-csv-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const CONTACTS: SourceTableRef = { table: 'contacts', className: 'PegaData-Contact', key: ['ContactID'] };

/** Creates an empty extract folder of its own for one test. */
function newFolder(): string {
  folderCount += 1;
  const folder = join(root, `extract-${folderCount}`);
  mkdirSync(folder);
  return folder;
}

/** Writes `files` (name to content) into a new folder and returns a source reading it. */
function sourceWith(files: Record<string, string | Buffer>, options: Omit<BixCsvSourceOptions, 'directory'> = {}): { source: BixCsvSource; folder: string } {
  const folder = newFolder();
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(folder, name), content);
  }
  return { source: new BixCsvSource({ directory: folder, ...options }), folder };
}

async function readAll(source: BixCsvSource | BixXmlSource, table: SourceTableRef): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for await (const record of source.read(table)) {
    records.push(record);
  }
  return records;
}

/** Reads until the reader throws; returns the records read before, and the error. */
async function readUntilError(source: BixCsvSource, table: SourceTableRef): Promise<{ records: SourceRecord[]; error: Error }> {
  const records: SourceRecord[] = [];
  try {
    for await (const record of source.read(table)) {
      records.push(record);
    }
  } catch (error) {
    return { records, error: error as Error };
  }
  throw new Error('expected the reader to throw, but it read the whole file');
}

const lines = (...rows: string[]): string => rows.join('\n');

describe('CsvRowParser', () => {
  it('splits rows the same whatever the chunk boundaries', () => {
    const text = 'a,"b\r\n""c""",d\r\n\r\n"",e,\rf,g,"h,i"\nj,k,l';
    const whole = new CsvRowParser();
    whole.write(text);
    whole.end();
    const expected = whole.takeRows();

    const byCharacter = new CsvRowParser();
    for (const character of text) {
      byCharacter.write(character);
    }
    byCharacter.end();

    expect(expected).toEqual([
      { fields: ['a', 'b\r\n"c"', 'd'], line: 1 },
      { fields: ['', 'e', ''], line: 4 },
      { fields: ['f', 'g', 'h,i'], line: 5 },
      { fields: ['j', 'k', 'l'], line: 6 },
    ]);
    expect(byCharacter.takeRows()).toEqual(expected);
  });
});

describe('BixCsvSource values', () => {
  it('reads the header as property names and empty fields as null', async () => {
    const { source } = sourceWith({
      'contacts.csv': lines(
        'ContactID,FirstName,Email,Phone',
        'CONT-1,Ann,ann@example.com,',
        'CONT-2,"",,"+44 20"',
        '',
      ),
    });

    const records = await readAll(source, CONTACTS);

    expect(records).toEqual([
      { ContactID: 'CONT-1', FirstName: 'Ann', Email: 'ann@example.com', Phone: null },
      { ContactID: 'CONT-2', FirstName: null, Email: null, Phone: '+44 20' },
    ]);
  });

  it('keeps quoted commas, quotes and line breaks', async () => {
    const { source } = sourceWith({
      'contacts.csv':
        'ContactID,Notes,Name\r\n' +
        'CONT-1,"line one\r\nline two",Ann\r\n' +
        'CONT-2,"said ""hello"", then left","Smith, Jr."\r\n' +
        'CONT-3,"only\nLF",\r\n',
    });

    const records = await readAll(source, CONTACTS);

    expect(records).toEqual([
      { ContactID: 'CONT-1', Notes: 'line one\r\nline two', Name: 'Ann' },
      { ContactID: 'CONT-2', Notes: 'said "hello", then left', Name: 'Smith, Jr.' },
      { ContactID: 'CONT-3', Notes: 'only\nLF', Name: null },
    ]);
  });

  it('reads a last row without a line break and skips blank lines', async () => {
    const { source } = sourceWith({ 'contacts.csv': 'ContactID,Name\n\nCONT-1,Ann\n\r\nCONT-2,Bob' });

    const records = await readAll(source, CONTACTS);

    expect(records).toEqual([{ ContactID: 'CONT-1', Name: 'Ann' }, { ContactID: 'CONT-2', Name: 'Bob' }]);
  });

  it('passes Pega date-time text through unchanged', async () => {
    const { source } = sourceWith({
      'contacts.csv': lines(
        'ContactID,pxCreateDateTime,BirthDate,CallTime,pxUpdateDateTime',
        'CONT-1,20201016T032300.000 GMT,19420618,153025,20180316T184127.846',
      ),
    });

    const [record] = await readAll(source, CONTACTS);

    expect(record).toEqual({
      ContactID: 'CONT-1',
      pxCreateDateTime: '20201016T032300.000 GMT',
      BirthDate: '19420618',
      CallTime: '153025',
      pxUpdateDateTime: '20180316T184127.846',
    });
  });

  it('keeps a quote inside an unquoted field and spaces around values', async () => {
    const { source } = sourceWith({ 'contacts.csv': lines('ContactID,Screen,Name', 'CONT-1,27" monitor, Ann ') });

    const [record] = await readAll(source, CONTACTS);

    expect(record).toEqual({ ContactID: 'CONT-1', Screen: '27" monitor', Name: ' Ann ' });
  });

  it('skips a UTF-8 byte order mark', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const { source } = sourceWith({ 'contacts.csv': Buffer.concat([bom, Buffer.from('ContactID,Name\nCONT-1,Zoë\n')]) });

    const records = await readAll(source, CONTACTS);

    expect(records).toEqual([{ ContactID: 'CONT-1', Name: 'Zoë' }]);
  });

  it('reads a file of many chunks with characters and quotes across their boundaries', async () => {
    const expected: SourceRecord[] = [];
    for (let index = 0; index < 20_000; index += 1) {
      expected.push({
        ContactID: `CONT-${index}`,
        Name: index % 3 === 0 ? 'Zoë Ørsted 日本' : 'Ann',
        Notes: index % 5 === 0 ? `first "${index}"\r\nsecond, third` : null,
      });
    }
    const { source } = sourceWith({ 'contacts.csv': renderBixCsv(['ContactID', 'Name', 'Notes'], expected) });

    const records = await readAll(source, CONTACTS);

    expect(records).toHaveLength(expected.length);
    expect(records).toEqual(expected);
  });

  it('reads the file that source.files maps a table to', async () => {
    const { source } = sourceWith({ 'Contacts_20240101.csv': 'ContactID\nCONT-1\n' }, { files: { contacts: 'Contacts_20240101.csv' } });

    expect(await readAll(source, CONTACTS)).toEqual([{ ContactID: 'CONT-1' }]);
  });

  it('names the default file name of a missing table', async () => {
    const { source } = sourceWith({});

    const { error } = await readUntilError(source, CONTACTS);

    expect(error).toBeInstanceOf(BixFileNotFoundError);
    expect(error.message).toContain('named after the table by default (contacts.csv)');
  });
});

describe('BixCsvSource encodings', () => {
  const latin1Csv = Buffer.from('ContactID,FirstName,LastName\r\nCONT-1,José,Müller\r\nCONT-2,Renée,Ørsted\r\n', 'latin1');

  it('decodes ISO-8859-1 set by source.encoding', async () => {
    const { source } = sourceWith({ 'contacts.csv': latin1Csv }, { encoding: 'iso-8859-1' });

    const records = await readAll(source, CONTACTS);

    expect(records).toEqual([
      { ContactID: 'CONT-1', FirstName: 'José', LastName: 'Müller' },
      { ContactID: 'CONT-2', FirstName: 'Renée', LastName: 'Ørsted' },
    ]);
  });

  it('decodes ISO-8859-1 set by the manifest', async () => {
    const { source } = sourceWith({
      'contacts.csv': latin1Csv,
      'manifest.csv': 'pxExtractIdentifier,pxDestinationFile,pxTotalInstanceCount,encoding\r\nrun-1,contacts.csv,2,ISO-8859-1\r\n',
    });

    const records = await readAll(source, CONTACTS);

    expect(records.map((record) => record.FirstName)).toEqual(['José', 'Renée']);
  });

  it('rejects bytes that are not UTF-8 and names the setting', async () => {
    const { source, folder } = sourceWith({ 'contacts.csv': latin1Csv });

    const { records, error } = await readUntilError(source, CONTACTS);

    expect(records).toEqual([]);
    expect(error).toBeInstanceOf(BixCsvError);
    expect((error as BixCsvError).file).toBe(join(folder, 'contacts.csv'));
    expect((error as BixCsvError).line).toBe(2);
    expect(error.message).toContain('byte 0xE9 in field FirstName is not valid UTF-8');
    expect(error.message).toContain('The file is not UTF-8; set source.encoding: iso-8859-1 in pmap.yaml');
  });

  it('points a bad byte set by the manifest at the manifest', async () => {
    const { source } = sourceWith({
      'contacts.csv': latin1Csv,
      'manifest.csv': 'pxDestinationFile,encoding\ncontacts.csv,UTF-8\n',
    });

    const { error } = await readUntilError(source, CONTACTS);

    expect(error.message).toContain("set the encoding column of this file's row in manifest.csv to iso-8859-1");
  });

  it('rejects a UTF-8 byte order mark in an ISO-8859-1 file', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const { source } = sourceWith({ 'contacts.csv': Buffer.concat([bom, Buffer.from('ContactID\nCONT-1\n')]) }, { encoding: 'iso-8859-1' });

    const { error } = await readUntilError(source, CONTACTS);

    expect(error.message).toMatch(/contacts\.csv:1: the file starts with a UTF-8 byte order mark, but its encoding is set to iso-8859-1/);
  });
});

describe('BixCsvSource and BixXmlSource', () => {
  it('read the same records from the demo extract', async () => {
    const dataset = generateDemoDataset();
    const folder = newFolder();
    for (const table of DEMO_TABLES) {
      const properties = table.columns.map((column) => column.property);
      writeFileSync(join(folder, `${table.table}.csv`), renderBixCsv(properties, dataset.tables[table.table]!));
      writeFileSync(join(folder, `${table.table}.xml`), renderBixXml(table.className, properties, dataset.tables[table.table]!));
    }
    const csv = new BixCsvSource({ directory: folder });
    const xml = new BixXmlSource({ directory: folder });

    for (const table of DEMO_TABLES) {
      const reference = { table: table.table, className: table.className, key: table.key };
      const fromCsv = await readAll(csv, reference);
      expect(fromCsv.length, table.table).toBeGreaterThan(0);
      expect(fromCsv, table.table).toEqual(await readAll(xml, reference));
    }
  });
});

describe('BixCsvSource on malformed files', () => {
  it('rejects a row with too few fields and names its line', async () => {
    const { source, folder } = sourceWith({
      'contacts.csv': lines('ContactID,Name,Notes', 'CONT-1,Ann,"two', 'lines"', 'CONT-2,Bob', 'CONT-3,Cy,'),
    });

    const { records, error } = await readUntilError(source, CONTACTS);

    expect(records).toEqual([{ ContactID: 'CONT-1', Name: 'Ann', Notes: 'two\nlines' }]);
    expect(error).toBeInstanceOf(BixCsvError);
    expect(error.message).toMatch(new RegExp(`^${escapeRegExp(join(folder, 'contacts.csv'))}:4: the row has 2 fields, but the header has 3\\.`));
    expect(error.message).toContain('must be in double quotes, with each quote inside it doubled');
  });

  it('rejects a row with too many fields', async () => {
    const { source } = sourceWith({ 'contacts.csv': lines('ContactID,Name', 'CONT-1,Smith, Jr.') });

    const { error } = await readUntilError(source, CONTACTS);

    expect(error.message).toMatch(/contacts\.csv:2: the row has 3 fields, but the header has 2/);
  });

  it('rejects a quote left open at the end of the file', async () => {
    const { source } = sourceWith({ 'contacts.csv': lines('ContactID,Notes', 'CONT-1,done', 'CONT-2,"starts here', 'and never ends') });

    const { records, error } = await readUntilError(source, CONTACTS);

    expect(records).toEqual([{ ContactID: 'CONT-1', Notes: 'done' }]);
    expect(error.message).toMatch(/contacts\.csv:3: the quoted field that starts on line 3 is not closed at the end of the file\./);
    expect(error.message).toContain('check that the file was copied completely');
  });

  it('rejects text after a closing quote', async () => {
    const { source } = sourceWith({ 'contacts.csv': lines('ContactID,Notes', 'CONT-1,"said "hi" twice"') });

    const { error } = await readUntilError(source, CONTACTS);

    expect(error.message).toMatch(/contacts\.csv:2: field 2 has text after its closing quote \("hi\\" twice\\""\)/);
    expect(error.message).toContain('each quote inside it doubled');
  });

  it('rejects a header without the key column', async () => {
    const { source } = sourceWith({ 'contacts.csv': lines('ContactId,Name', 'CONT-1,Ann') });

    const { records, error } = await readUntilError(source, CONTACTS);

    expect(records).toEqual([]);
    expect(error.message).toMatch(/contacts\.csv:1: the header has no column ContactID, which is the key of table contacts\./);
    expect(error.message).toContain('or correct the key in the mapping');
  });

  it('rejects a row without a key value', async () => {
    const { source } = sourceWith({ 'contacts.csv': lines('ContactID,Name', 'CONT-1,Ann', ',Bob') });

    const { error } = await readUntilError(source, CONTACTS);

    expect(error.message).toMatch(/contacts\.csv:3: the row has no value in key column ContactID/);
  });

  it('rejects a header that names a column twice or not at all', async () => {
    const twice = sourceWith({ 'contacts.csv': 'ContactID,Name,Name\n' });
    const unnamed = sourceWith({ 'contacts.csv': 'ContactID,,Name\n' });

    expect((await readUntilError(twice.source, CONTACTS)).error.message).toMatch(/contacts\.csv:1: the header names Name twice \(columns 2 and 3\)/);
    expect((await readUntilError(unnamed.source, CONTACTS)).error.message).toMatch(/contacts\.csv:1: column 2 of the header has no name/);
  });

  it('rejects an empty file', async () => {
    const { source } = sourceWith({ 'contacts.csv': '' });

    const { error } = await readUntilError(source, CONTACTS);

    expect(error.message).toMatch(/contacts\.csv:1: the file is empty: it has no header row/);
  });
});

describe('BixCsvSource manifest', () => {
  const contactsCsv = 'ContactID\r\nCONT-1\r\nCONT-2\r\n';

  it('accepts a file with the row count the manifest gives', async () => {
    const { source } = sourceWith({ 'contacts.csv': contactsCsv, 'manifest.csv': 'pxDestinationFile,pxTotalInstanceCount\ncontacts.csv,2\n' });

    expect(await readAll(source, CONTACTS)).toHaveLength(2);
  });

  it('rejects a file with fewer rows than the manifest gives', async () => {
    const { source } = sourceWith({ 'contacts.csv': contactsCsv, 'manifest.csv': 'pxDestinationFile,pxTotalInstanceCount\ncontacts.csv,3\n' });

    const { records, error } = await readUntilError(source, CONTACTS);

    expect(records).toHaveLength(2);
    expect(error.message).toMatch(/contacts\.csv:4: the file has 2 rows, but manifest\.csv \(line 2\) gives pxTotalInstanceCount 3\./);
    expect(error.message).toContain('The file is incomplete');
  });

  it('rejects a manifest that names a missing file', async () => {
    const { source, folder } = sourceWith({
      'contacts.csv': contactsCsv,
      'manifest.csv': csvRow(['pxExtractIdentifier', 'pxDestinationFile']) + csvRow(['run-1', 'contacts.csv']) + csvRow(['run-1', 'contacts_Addresses.csv']),
    });

    const { records, error } = await readUntilError(source, CONTACTS);

    expect(records).toEqual([]);
    expect(error).toBeInstanceOf(BixCsvError);
    expect(error.message).toBe(
      `${join(folder, 'manifest.csv')}:3: the manifest names the file contacts_Addresses.csv, which is not in ${folder}. ` +
        'Copy the complete extract into the folder, or remove the row if the file is not part of this extract',
    );
  });

  it('rejects a manifest without pxDestinationFile', async () => {
    const { source } = sourceWith({ 'contacts.csv': contactsCsv, 'manifest.csv': 'pxExtractIdentifier,File\nrun-1,contacts.csv\n' });

    const { error } = await readUntilError(source, CONTACTS);

    expect(error.message).toMatch(/manifest\.csv:1: the manifest has no pxDestinationFile column/);
  });

  it('rejects an unknown encoding in the manifest', async () => {
    const { source } = sourceWith({ 'contacts.csv': contactsCsv, 'manifest.csv': 'pxDestinationFile,encoding\ncontacts.csv,EBCDIC-XY\n' });

    const { error } = await readUntilError(source, CONTACTS);

    expect(error.message).toMatch(/manifest\.csv:2: "EBCDIC-XY" is not a known encoding\. Write UTF-8 or ISO-8859-1/);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
