import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BixFileNotFoundError, BixFormatError, BixXmlSource } from '../../runtime/sources/bix-xml.js';
import type { SourceRecord, SourceTableRef } from '../../runtime/sources/source.js';
import { renderBixXml } from '../fixtures/bix-xml-writer.js';
import { generateDemoDataset } from '../fixtures/demo-dataset.js';
import { writeDemoExtract } from '../fixtures/demo-extract.js';
import { DEMO_TABLES } from '../fixtures/demo-schema.js';

let directory: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'pmap-bix-xml-'));
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

const CONTACTS: SourceTableRef = { table: 'contacts', className: 'PegaData-Contact', key: ['ContactID'] };

/** Writes `content` as `<table>.xml` in the test folder and returns a source reading that folder. */
function sourceWith(table: string, content: string | Buffer): BixXmlSource {
  writeFileSync(join(directory, `${table}.xml`), content);
  return new BixXmlSource({ directory });
}

async function readAll(source: BixXmlSource, table: SourceTableRef): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for await (const record of source.read(table)) {
    records.push(record);
  }
  return records;
}

/** Reads until the reader throws; returns the records read before, and the error. */
async function readUntilError(source: BixXmlSource, table: SourceTableRef): Promise<{ records: SourceRecord[]; error: unknown }> {
  const records: SourceRecord[] = [];
  try {
    for await (const record of source.read(table)) {
      records.push(record);
    }
  } catch (error) {
    return { records, error };
  }
  throw new Error('expected the reader to throw, but it read the whole file');
}

function xml(...lines: string[]): string {
  return lines.join('\n');
}

describe('BixXmlSource on the demo extract', () => {
  it('reads exactly the generated rows of every table', async () => {
    const dataset = generateDemoDataset();
    const extract = join(directory, 'demo');
    writeDemoExtract(dataset, extract);
    const source = new BixXmlSource({ directory: extract });

    for (const table of DEMO_TABLES) {
      const records = await readAll(source, { table: table.table, className: table.className, key: table.key });
      expect(records).toEqual(dataset.tables[table.table]);
    }
  });

  it('keeps CRLF, HTML, whitespace and non-ASCII text intact', async () => {
    const rows = [
      { ID: '1', Text: 'line one\r\nline two' },
      { ID: '2', Text: '<p>R&amp;D <b>bold</b></p>' },
      { ID: '3', Text: '  padded\t' },
      { ID: '4', Text: 'Иван ليلى Zoë' },
    ];
    const source = sourceWith('text', renderBixXml('Test-Text', ['ID', 'Text'], rows));

    const records = await readAll(source, { table: 'text', key: ['ID'] });

    expect(records).toEqual(rows);
  });
});

describe('BixXmlSource values', () => {
  it('reads nil, empty and omitted properties as null or absent', async () => {
    const source = sourceWith('nulls', xml(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<Classes xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
      '  <PegaData-Contact>',
      '    <ContactID>CONT-1</ContactID>',
      '    <Email xsi:nil="true"/>',
      '    <Phone></Phone>',
      '    <Fax/>',
      '    <Mobile xsi:nil="true">ignored</Mobile>',
      '  </PegaData-Contact>',
      '</Classes>',
    ));

    const [record] = await readAll(source, { ...CONTACTS, table: 'nulls' });

    expect(record).toEqual({ ContactID: 'CONT-1', Email: null, Phone: null, Fax: null, Mobile: null });
    expect(record).not.toHaveProperty('OrganizationID');
  });

  it('flattens an embedded page to Page.Prop', async () => {
    const source = sourceWith('page', xml(
      '<Classes>',
      '  <PegaData-Contact>',
      '    <ContactID>CONT-1</ContactID>',
      '    <Address><City>Leeds</City><Geo><Lat>53.8</Lat></Geo><Street xsi:nil="true"/></Address>',
      '  </PegaData-Contact>',
      '</Classes>',
    ));

    const [record] = await readAll(source, { ...CONTACTS, table: 'page' });

    expect(record).toEqual({ ContactID: 'CONT-1', 'Address.City': 'Leeds', 'Address.Geo.Lat': '53.8', 'Address.Street': null });
  });

  it('flattens a page list to Page(n).Prop', async () => {
    const source = sourceWith('page-list', xml(
      '<Classes>',
      '  <PegaData-Contact>',
      '    <ContactID>CONT-1</ContactID>',
      '    <Addresses><City>Leeds</City></Addresses>',
      '    <Phones>111</Phones>',
      '    <Addresses><City>York</City><Zip>YO1</Zip></Addresses>',
      '    <Phones>222</Phones>',
      '  </PegaData-Contact>',
      '</Classes>',
    ));

    const [record] = await readAll(source, { ...CONTACTS, table: 'page-list' });

    expect(record).toEqual({
      ContactID: 'CONT-1',
      'Addresses(1).City': 'Leeds',
      'Addresses(2).City': 'York',
      'Addresses(2).Zip': 'YO1',
      'Phones(1)': '111',
      'Phones(2)': '222',
    });
  });

  it('flattens rowdata entries by their REPEATINGINDEX', async () => {
    const source = sourceWith('rowdata', xml(
      '<Classes>',
      '  <PegaData-Contact>',
      '    <ContactID>CONT-1</ContactID>',
      '    <Addresses REPEATINGTYPE="PageList">',
      '      <rowdata REPEATINGINDEX="1"><City>Leeds</City></rowdata>',
      '    </Addresses>',
      '    <Roles REPEATINGTYPE="PageGroup">',
      '      <rowdata REPEATINGINDEX="Billing"><Active>true</Active></rowdata>',
      '    </Roles>',
      '  </PegaData-Contact>',
      '</Classes>',
    ));

    const [record] = await readAll(source, { ...CONTACTS, table: 'rowdata' });

    expect(record).toEqual({ ContactID: 'CONT-1', 'Addresses(1).City': 'Leeds', 'Roles(Billing).Active': 'true' });
  });

  it('reads a file without the Classes wrapper', async () => {
    const source = sourceWith('unwrapped', xml(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<PegaData-Contact-List>',
      '  <PegaData-Contact><ContactID>CONT-1</ContactID></PegaData-Contact>',
      '  <PegaData-Contact><ContactID>CONT-2</ContactID></PegaData-Contact>',
      '</PegaData-Contact-List>',
    ));

    const records = await readAll(source, { ...CONTACTS, table: 'unwrapped' });

    expect(records).toEqual([{ ContactID: 'CONT-1' }, { ContactID: 'CONT-2' }]);
  });

  it('reads instances of every class in the file', async () => {
    // An extract written with -c holds the sibling classes of one table, for
    // example several case types of a work table; the table's class in
    // schemas/pega.json is only one of them.
    const source = sourceWith('mixed', xml(
      '<Classes>',
      '  <ACME-Work-Complaint><pyID>S-1</pyID></ACME-Work-Complaint>',
      '  <ACME-Work-Refund><pyID>S-2</pyID><Page><X>1</X></Page></ACME-Work-Refund>',
      '  <ACME-Work-Complaint><pyID>S-3</pyID></ACME-Work-Complaint>',
      '</Classes>',
    ));

    const records = await readAll(source, { table: 'mixed', className: 'ACME-Work-Complaint', key: ['pyID'] });

    expect(records).toEqual([{ pyID: 'S-1' }, { pyID: 'S-2', 'Page.X': '1' }, { pyID: 'S-3' }]);
  });

  it('reads a file declared as ISO-8859-1', async () => {
    const head = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<Classes><PegaData-Contact><FirstName>Jos', 'ascii');
    const tail = Buffer.from('</FirstName></PegaData-Contact></Classes>', 'ascii');
    const source = sourceWith('latin1', Buffer.concat([head, Buffer.from([0xe9]), tail]));

    const [record] = await readAll(source, { ...CONTACTS, table: 'latin1' });

    expect(record).toEqual({ FirstName: 'José' });
  });

  it('decodes a character split between two chunks', async () => {
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n<Classes><PegaData-Contact><Note>';
    // Places the two bytes of "é" on both sides of the first 64 KiB chunk boundary.
    const padding = 'a'.repeat(65_535 - Buffer.byteLength(head));
    const source = sourceWith('split', `${head}${padding}é</Note></PegaData-Contact></Classes>`);

    const [record] = await readAll(source, { ...CONTACTS, table: 'split' });

    expect(record?.Note).toBe(`${padding}é`);
  });
});

describe('BixXmlSource errors', () => {
  it('reports a truncated file at its last line', async () => {
    const source = sourceWith('truncated', xml(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<Classes>',
      '  <PegaData-Contact>',
      '    <ContactID>CONT-1</ContactID>',
      '  </PegaData-Contact>',
      '  <PegaData-Contact>',
      '    <ContactID>CONT-2</Cont',
    ));

    const { records, error } = await readUntilError(source, { ...CONTACTS, table: 'truncated' });

    expect(records).toEqual([{ ContactID: 'CONT-1' }]);
    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as BixFormatError).line).toBe(7);
    expect((error as BixFormatError).file).toBe(join(directory, 'truncated.xml'));
    expect((error as Error).message).toContain('truncated.xml:7:');
    expect((error as Error).message).toContain('unexpected end of file inside <PegaData-Contact> (opened on line 6)');
    expect((error as Error).message).toContain('re-run the BIX extract');
  });

  it('reports an empty file', async () => {
    const source = sourceWith('empty', '');

    const { error } = await readUntilError(source, { ...CONTACTS, table: 'empty' });

    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as Error).message).toContain('contains no XML element');
  });

  it('reports a mismatched closing tag at its line', async () => {
    const source = sourceWith('mismatched', xml(
      '<Classes>',
      '  <PegaData-Contact>',
      '    <ContactID>CONT-1</ContactID>',
      '  </PegaData-Contact>',
      '  <PegaData-Contact>',
      '    <FirstName>Anna</LastName>',
      '  </PegaData-Contact>',
      '</Classes>',
    ));

    const { records, error } = await readUntilError(source, { ...CONTACTS, table: 'mismatched' });

    expect(records).toEqual([{ ContactID: 'CONT-1' }]);
    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as BixFormatError).line).toBe(6);
    expect((error as Error).message).toContain('mismatched closing tag');
    expect((error as Error).message).toContain('<FirstName>, opened on line 6');
  });

  it('drops an instance whose own closing tag is mismatched', async () => {
    const source = sourceWith('mismatched-instance', xml(
      '<Classes>',
      '  <PegaData-Contact>',
      '    <ContactID>CONT-1</ContactID>',
      '  </PegaData-Organization>',
      '</Classes>',
    ));

    const { records, error } = await readUntilError(source, { ...CONTACTS, table: 'mismatched-instance' });

    expect(records).toEqual([]);
    expect((error as BixFormatError).line).toBe(4);
  });

  it('reports a control character at its line', async () => {
    const source = sourceWith('control', xml(
      '<Classes>',
      '  <PegaData-Contact>',
      '    <ContactID>CONT-1</ContactID>',
      '    <FirstName>An\u0001na</FirstName>',
      '  </PegaData-Contact>',
      '</Classes>',
    ));

    const { error } = await readUntilError(source, { ...CONTACTS, table: 'control' });

    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as BixFormatError).line).toBe(4);
    expect((error as Error).message).toContain('character that XML 1.0 does not allow');
  });

  it('reports an HTML entity at its line', async () => {
    const source = sourceWith('entity', xml('<Classes>', '  <C>', '    <Name>ACME&nbsp;Ltd</Name>', '  </C>', '</Classes>'));

    const { error } = await readUntilError(source, { table: 'entity', key: ['Name'] });

    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as BixFormatError).line).toBe(3);
    expect((error as Error).message).toContain('not HTML entities such as &nbsp;');
  });

  it('reports bytes that are not UTF-8 at their line', async () => {
    const lines = xml(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<Classes>',
      '  <PegaData-Contact>',
      '    <ContactID>CONT-1</ContactID>',
      '    <FirstName>Jos',
    );
    const content = Buffer.concat([
      Buffer.from(lines, 'utf8'),
      Buffer.from([0xe9]),
      Buffer.from('</FirstName>\n  </PegaData-Contact>\n</Classes>', 'utf8'),
    ]);
    const source = sourceWith('latin1-undeclared', content);

    const { error } = await readUntilError(source, { ...CONTACTS, table: 'latin1-undeclared' });

    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as BixFormatError).line).toBe(5);
    expect((error as BixFormatError).column).toBe(19);
    expect((error as Error).message).toContain("byte 0xE9 is not valid in the file's encoding");
    expect((error as Error).message).toContain('iconv');
  });

  it('reports an encoded surrogate as invalid UTF-8', async () => {
    const content = Buffer.concat([
      Buffer.from('<Classes>\n<C><V>ok ', 'utf8'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('</V></C>\n</Classes>', 'utf8'),
    ]);
    const source = sourceWith('surrogate', content);

    const { error } = await readUntilError(source, { table: 'surrogate', key: ['V'] });

    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as BixFormatError).line).toBe(2);
    expect((error as BixFormatError).column).toBe(10);
    expect((error as Error).message).toContain('byte 0xED');
  });

  it('reports a file that ends inside a UTF-8 character', async () => {
    const source = sourceWith('cut-character', Buffer.concat([Buffer.from('<Classes><C><V>', 'utf8'), Buffer.from([0xc3])]));

    const { error } = await readUntilError(source, { ...CONTACTS, table: 'cut-character' });

    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as Error).message).toContain('byte 0xC3');
  });

  it('rejects a UTF-16 file', async () => {
    const content = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<Classes/>', 'utf16le')]);
    const source = sourceWith('utf16', content);

    const { error } = await readUntilError(source, { ...CONTACTS, table: 'utf16' });

    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as Error).message).toContain('UTF-16');
  });

  it('rejects an encoding it cannot read', async () => {
    const source = sourceWith('shift-jis', '<?xml version="1.0" encoding="Shift_JIS"?>\n<Classes/>');

    const { error } = await readUntilError(source, { ...CONTACTS, table: 'shift-jis' });

    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as Error).message).toContain('"Shift_JIS"');
  });

  it('rejects text directly inside an instance', async () => {
    const source = sourceWith('text-instance', xml(
      '<PegaData-Contact>',
      '  <ContactID>CONT-1</ContactID>',
      '</PegaData-Contact>',
    ));

    const { error } = await readUntilError(source, { table: 'text-instance', key: ['ContactID'] });

    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as Error).message).toContain('the instance <ContactID> (line 2) contains text instead of property elements');
  });

  it('rejects unescaped markup inside a value', async () => {
    const source = sourceWith('markup', xml(
      '<Classes>',
      '  <ACME-CS-Work-Service>',
      '    <pyDescription>Customer reports <b>double charge</b></pyDescription>',
      '  </ACME-CS-Work-Service>',
      '</Classes>',
    ));

    const { error } = await readUntilError(source, { table: 'markup', key: ['pyID'] });

    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as BixFormatError).line).toBe(3);
    expect((error as Error).message).toContain('<pyDescription> (line 3) contains both text and child elements');
  });
});

describe('BixXmlSource DOCTYPE', () => {
  it('rejects a DOCTYPE with an entity', async () => {
    const source = sourceWith('doctype', xml(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!DOCTYPE Classes [ <!ENTITY company "ACME"> ]>',
      '<Classes><PegaData-Contact><Name>&company;</Name></PegaData-Contact></Classes>',
    ));

    const { records, error } = await readUntilError(source, { ...CONTACTS, table: 'doctype' });

    expect(records).toEqual([]);
    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as BixFormatError).line).toBe(2);
    expect((error as Error).message).toContain('DOCTYPE');
    expect((error as Error).message).toContain('never expands entities');
  });

  it('rejects a billion-laughs document without expanding it', async () => {
    const entities = ['<!ENTITY lol "lol">'];
    for (let level = 1; level <= 9; level += 1) {
      const previous = level === 1 ? 'lol' : `lol${level - 1}`;
      entities.push(`<!ENTITY lol${level} "${`&${previous};`.repeat(10)}">`);
    }
    const source = sourceWith('laughs', xml(
      '<?xml version="1.0"?>',
      `<!DOCTYPE lolz [${entities.join('\n')}]>`,
      '<Classes><PegaData-Contact><Name>&lol9;</Name></PegaData-Contact></Classes>',
    ));

    const { records, error } = await readUntilError(source, { ...CONTACTS, table: 'laughs' });

    expect(records).toEqual([]);
    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as Error).message).toContain('DOCTYPE');
  });

  it('rejects a DOCTYPE at its keyword, before its end', async () => {
    // The internal subset never ends: a reader that parsed the DOCTYPE first
    // would report the end of file instead.
    const source = sourceWith('open-doctype', xml('<?xml version="1.0"?>', '<!DOCTYPE x [', '<!ENTITY a "aaaa">'));

    const { error } = await readUntilError(source, { ...CONTACTS, table: 'open-doctype' });

    expect((error as Error).message).toContain('DOCTYPE');
    expect((error as BixFormatError).line).toBe(2);
  });

  it('rejects a DOCTYPE split across two chunks', async () => {
    // The first 64 KiB chunk ends after "<!" of the keyword.
    const prolog = '<?xml version="1.0"?>\n<!-- ';
    const comment = `${prolog}${'x'.repeat(65_530 - prolog.length)} -->`;
    const source = sourceWith('split-doctype', `${comment}<!DOCTYPE x [<!ENTITY a "a">]>\n<Classes/>`);

    const { error } = await readUntilError(source, { ...CONTACTS, table: 'split-doctype' });

    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as Error).message).toContain('DOCTYPE');
  });

  it('rejects a DOCTYPE after the root element', async () => {
    const source = sourceWith('late-doctype', xml('<Classes>', '<!DOCTYPE x>', '</Classes>'));

    const { error } = await readUntilError(source, { ...CONTACTS, table: 'late-doctype' });

    expect(error).toBeInstanceOf(BixFormatError);
    expect((error as Error).message).toContain('DOCTYPE');
  });

  it('accepts DOCTYPE as text inside CDATA', async () => {
    const source = sourceWith('cdata', '<Classes><PegaData-Contact><Note><![CDATA[<!DOCTYPE html>]]></Note></PegaData-Contact></Classes>');

    const records = await readAll(source, { ...CONTACTS, table: 'cdata' });

    expect(records).toEqual([{ Note: '<!DOCTYPE html>' }]);
  });
});

describe('BixXmlSource files', () => {
  it('names the expected path when the file is missing', async () => {
    const source = new BixXmlSource({ directory });

    const { error } = await readUntilError(source, { ...CONTACTS, table: 'customerdata.missing' });

    expect(error).toBeInstanceOf(BixFileNotFoundError);
    expect((error as Error).message).toContain(join(directory, 'customerdata.missing.xml'));
    expect((error as Error).message).toContain('source.files in pmap.yaml');
  });

  it('reads the file configured for a table', async () => {
    writeFileSync(join(directory, 'Contacts_20240101.xml'), '<Classes><PegaData-Contact><ContactID>CONT-9</ContactID></PegaData-Contact></Classes>');
    const source = new BixXmlSource({ directory, files: { 'customerdata.contact': 'Contacts_20240101.xml' } });

    const records = await readAll(source, { ...CONTACTS, table: 'customerdata.contact' });

    expect(records).toEqual([{ ContactID: 'CONT-9' }]);
  });

  it('names the configured file when it is missing', async () => {
    const source = new BixXmlSource({ directory, files: { 'customerdata.contact': 'Contacts_19990101.xml' } });

    const { error } = await readUntilError(source, { ...CONTACTS, table: 'customerdata.contact' });

    expect(error).toBeInstanceOf(BixFileNotFoundError);
    expect((error as Error).message).toContain(join(directory, 'Contacts_19990101.xml'));
    expect((error as Error).message).toContain('Check the file name given for "customerdata.contact"');
  });
});

describe('BixXmlSource close', () => {
  it('fails a read in progress', async () => {
    const rows = Array.from({ length: 20_000 }, (_, index) => ({ ID: String(index) }));
    const source = sourceWith('closed', renderBixXml('Test-Row', ['ID'], rows));
    const iterator = source.read({ table: 'closed', key: ['ID'] })[Symbol.asyncIterator]();
    await iterator.next();

    await source.close();
    let error: unknown;
    let count = 1;
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        count += 1;
      }
    } catch (caught) {
      error = caught;
    }

    expect(count).toBeLessThan(rows.length);
    expect((error as Error).message).toContain('closed while reading');
  });
});

describe('BixXmlSource streaming', () => {
  it('yields records before the rest of a large file is read', async () => {
    const recordCount = 200_000;
    const rows = Array.from({ length: recordCount }, (_, index) => ({
      ID: String(index + 1).padStart(6, '0'),
      Name: index === recordCount - 1 ? 'ORIGINAL-TAIL' : `Row ${index + 1}`,
    }));
    const content = renderBixXml('Test-Row', ['ID', 'Name'], rows);
    const tailOffset = content.lastIndexOf('ORIGINAL-TAIL');
    const source = sourceWith('large', content);

    const iterator = source.read({ table: 'large', className: 'Test-Row', key: ['ID'] })[Symbol.asyncIterator]();
    const first = await iterator.next();

    // Rewrite the last value in place. A reader that had loaded the whole file
    // would still return the old value; a streaming reader sees the new one.
    const descriptor = openSync(join(directory, 'large.xml'), 'r+');
    writeSync(descriptor, 'REPLACED', tailOffset);
    closeSync(descriptor);

    let count = first.done ? 0 : 1;
    let last: SourceRecord | undefined;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      count += 1;
      last = next.value;
    }

    expect(first.value).toEqual({ ID: '000001', Name: 'Row 1' });
    expect(content.length).toBeGreaterThan(10_000_000);
    expect(count).toBe(recordCount);
    expect(last).toEqual({ ID: String(recordCount), Name: 'REPLACED-TAIL' });
  });
});
