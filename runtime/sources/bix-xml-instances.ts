import { SaxesParser, type SaxesTagPlain } from 'saxes';

import { BixFormatError } from './bix-xml-errors.js';
import { flattenInstance, type PropertyElement } from './bix-xml-flatten.js';
import type { SourceRecord } from './source.js';

const ADVICE_INCOMPLETE = 'Check that the file was copied completely, or re-run the BIX extract';
const ADVICE_MALFORMED =
  'The file is not well-formed XML; re-run the BIX extract, and check that nothing edited or converted the file afterwards';
const ADVICE_DOCTYPE =
  'pmap reads BIX XML without a DTD and never expands entities, because entity definitions can expand to huge ' +
  'amounts of text; remove the DOCTYPE declaration or re-run the BIX extract';
const ADVICE_LAYOUT =
  'A BIX XML extract has one element per instance, named after its Pega class, inside one root element ' +
  '(<Classes> when extracted with -c), and the properties of each instance as child elements';

const DOCTYPE = '<!DOCTYPE';

interface OpenElement {
  readonly name: string;
  readonly line: number;
  /** The instance or property element being built; absent for the root. */
  readonly element?: PropertyElement;
}

/**
 * Turns the text of a BIX XML file, written in chunks, into records.
 *
 * The root element (any name, usually `<Classes>`) contains the instances;
 * each child of the root is one instance, named after its Pega class. Every
 * instance becomes a record, whatever its class: an extract written with -c
 * contains the table's sibling classes (several case types of one work table),
 * and the PostgreSQL connector reads those rows too.
 * Malformed XML raises a BixFormatError at the first problem.
 */
export class BixInstanceCollector {
  private readonly parser: SaxesParser<{ xmlns: false; position: true }>;
  private readonly open: OpenElement[] = [];
  private readonly records: SourceRecord[] = [];
  private rootSeen = false;
  private lastClosed?: OpenElement;
  private lastCloseMadeRecord = false;
  private previousTail = '';

  constructor(private readonly file: string) {
    this.parser = new SaxesParser({ xmlns: false, position: true });
    this.parser.on('opentag', (tag) => this.openTag(tag));
    this.parser.on('closetag', () => this.closeTag());
    this.parser.on('text', (text) => this.addText(text));
    this.parser.on('cdata', (text) => this.addText(text));
    this.parser.on('doctype', () => this.rejectDoctype());
    this.parser.on('error', (error) => this.raiseSyntaxError(error));
  }

  /** Parses the next piece of text. */
  write(text: string): void {
    const rest = this.rootSeen ? text : this.writeUpToDoctype(text);
    this.parser.write(rest);
    this.previousTail = text.slice(-(DOCTYPE.length - 1));
  }

  /** Finishes parsing: raises a BixFormatError if the file ended too early. */
  end(): void {
    this.parser.close();
  }

  /**
   * Returns the records completed since the last call and removes them from
   * the queue. After a BixFormatError, returns those completed before the error.
   */
  takeRecords(): SourceRecord[] {
    return this.records.splice(0, this.records.length);
  }

  /** Raises a BixFormatError at the current position, for problems found outside the parser. */
  fail(problem: string, advice: string): never {
    throw new BixFormatError(this.file, this.parser.line, this.parser.column + 1, problem, advice);
  }

  /**
   * Rejects a DOCTYPE as soon as its keyword appears before the root element,
   * before the parser reads any of its entity definitions, and returns the
   * text still to parse. After the root, saxes rejects a DOCTYPE itself, and
   * it never expands entities defined in one.
   * NOTE: the keyword inside a comment before the root is rejected too.
   */
  private writeUpToDoctype(text: string): string {
    const searched = this.previousTail + text;
    const found = searched.indexOf(DOCTYPE);
    if (found < 0) {
      return text;
    }

    // Parse up to the keyword first, so the position points at it and a root
    // element opened before it is noticed.
    const keywordStart = Math.max(0, found - this.previousTail.length);
    this.parser.write(text.slice(0, keywordStart));
    if (!this.rootSeen) {
      this.rejectDoctype();
    }
    return text.slice(keywordStart);
  }

  private rejectDoctype(): never {
    this.fail('the file contains a DOCTYPE declaration', ADVICE_DOCTYPE);
  }

  private openTag(tag: SaxesTagPlain): void {
    const line = this.parser.line;
    const depth = this.open.length;

    if (depth === 0) {
      this.rootSeen = true;
      this.open.push({ name: tag.name, line });
      return;
    }

    const element: PropertyElement = {
      name: tag.name,
      line,
      nil: isNil(tag.attributes),
      repeatingIndex: tag.attributes['REPEATINGINDEX'],
      children: [],
      text: '',
    };
    this.open[depth - 1]!.element?.children.push(element);
    this.open.push({ name: tag.name, line, element });
  }

  private closeTag(): void {
    const closed = this.open.pop()!;
    this.lastClosed = closed;
    this.lastCloseMadeRecord = false;

    const element = closed.element;
    if (element === undefined) {
      return;
    }

    if (element.children.length > 0 && element.text.trim() !== '') {
      this.fail(
        `<${element.name}> (line ${element.line}) contains both text and child elements`,
        `Property values are plain text; HTML inside a value must be escaped or in a CDATA section. ${ADVICE_LAYOUT}`,
      );
    }

    if (this.open.length === 1) {
      if (element.children.length === 0 && element.text.trim() !== '') {
        this.fail(`the instance <${element.name}> (line ${element.line}) contains text instead of property elements`, ADVICE_LAYOUT);
      }
      this.records.push(flattenInstance(element.children));
      this.lastCloseMadeRecord = true;
    }
  }

  private addText(text: string): void {
    const current = this.open.at(-1);
    if (current === undefined) {
      return;
    }

    if (current.element === undefined) {
      if (text.trim() !== '') {
        this.fail(`text "${abbreviate(text.trim())}" directly inside the root element <${current.name}>`, ADVICE_LAYOUT);
      }
      return;
    }
    current.element.text += text;
  }

  private raiseSyntaxError(error: Error): never {
    // saxes prefixes its messages with "line:column: ".
    const reason = error.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '');
    const innermost = this.open.at(-1);
    const instance = this.open[1];

    if (reason.startsWith('unclosed tag') || reason === 'unexpected end') {
      const inside = instance ?? innermost;
      const where = inside === undefined ? '' : ` inside <${inside.name}> (opened on line ${inside.line})`;
      this.fail(`unexpected end of file${where}`, ADVICE_INCOMPLETE);
    }
    if (reason === 'document must contain a root element') {
      this.fail('the file contains no XML element (it is empty or contains only a declaration)', ADVICE_INCOMPLETE);
    }
    if (reason === 'unexpected close tag' && this.lastClosed !== undefined) {
      // saxes reports the element as closed before it finds that the names differ.
      if (this.lastCloseMadeRecord) {
        this.records.pop();
      }
      this.fail(
        `mismatched closing tag: it does not close <${this.lastClosed.name}>, opened on line ${this.lastClosed.line}`,
        ADVICE_MALFORMED,
      );
    }
    if (reason.startsWith('unmatched closing tag')) {
      this.fail(`${reason.replace(/: (.*)$/, ' </$1>')}, which no open element matches`, ADVICE_MALFORMED);
    }
    if (reason === 'inappropriately located doctype declaration') {
      this.rejectDoctype();
    }
    if (reason === 'disallowed character') {
      this.fail('the file contains a character that XML 1.0 does not allow (a control character)', ADVICE_MALFORMED);
    }
    if (reason === 'undefined entity') {
      this.fail(
        'the file uses an entity reference that XML does not predefine (only &amp; &lt; &gt; &quot; &apos; ' +
          'and character references such as &#160; are allowed, not HTML entities such as &nbsp;)',
        ADVICE_MALFORMED,
      );
    }
    this.fail(`invalid XML: ${reason}`, ADVICE_MALFORMED);
  }
}

function isNil(attributes: Record<string, string>): boolean {
  for (const [name, value] of Object.entries(attributes)) {
    if ((name === 'nil' || name.endsWith(':nil')) && (value === 'true' || value === '1')) {
      return true;
    }
  }
  return false;
}

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
