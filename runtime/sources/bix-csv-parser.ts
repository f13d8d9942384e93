/**
 * Splits CSV text, written in chunks, into rows of fields (RFC 4180 with
 * the usual leniencies). Fields are separated by commas and rows end with
 * LF, CR LF or a lone CR. A field in double quotes may contain commas, line
 * breaks and doubled quotes (`""` is one `"`). A quote inside an unquoted
 * field is kept as text. Blank lines are skipped.
 */

/** Kinds of syntax problems, so the reader can give the advice that fits. */
export type CsvSyntaxKind = 'unterminated-quote' | 'text-after-quote' | 'field-too-long';

/** A syntax problem; `line` is the 1-based physical line where it was found. */
export class CsvSyntaxProblem extends Error {
  constructor(
    readonly kind: CsvSyntaxKind,
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CsvRow {
  readonly fields: string[];
  /** Physical line on which the row starts; a quoted line break makes a row span several lines. */
  readonly line: number;
}

type State = 'field-start' | 'unquoted' | 'quoted' | 'quote-in-quoted';

/**
 * Maximum field length, in UTF-16 code units. A quote that is never
 * closed would otherwise gather the rest of the file into one string until
 * memory runs out, long before the end of the file proves the quote open.
 */
export const MAX_FIELD_LENGTH = 128 * 1024 * 1024;

const UNQUOTED_END = /[,\r\n]/g;
const QUOTE = 34;
const COMMA = 44;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

export class CsvRowParser {
  private readonly rows: CsvRow[] = [];
  private fields: string[] = [];
  private field = '';
  private state: State = 'field-start';
  private rowStarted = false;
  private rowLine = 1;
  private quoteLine = 1;
  private currentLine = 1;
  /** The previous chunk ended with a CR that ended a row or a blank line, so a LF at the start of this chunk belongs to it. */
  private skipLineFeed = false;

  /** Physical line of the parse position, 1-based. */
  get line(): number {
    return this.currentLine;
  }

  /** 0-based position of the field being parsed in its row, or undefined between rows. */
  get fieldIndex(): number | undefined {
    return this.rowStarted ? this.fields.length : undefined;
  }

  /** Parses the next piece of text. Throws a CsvSyntaxProblem at the first syntax error. */
  write(text: string): void {
    let index = 0;
    if (this.skipLineFeed && text.length > 0) {
      this.skipLineFeed = false;
      if (text.charCodeAt(0) === LINE_FEED) {
        index = 1;
      }
    }

    while (index < text.length) {
      switch (this.state) {
        case 'field-start':
          index = this.startField(text, index);
          break;
        case 'unquoted':
          index = this.readUnquoted(text, index);
          break;
        case 'quoted':
          index = this.readQuoted(text, index);
          break;
        case 'quote-in-quoted':
          index = this.afterQuote(text, index);
          break;
      }
    }
  }

  /** Finishes parsing: the last row may lack its line break, but a quoted field must be closed. */
  end(): void {
    if (this.state === 'quoted') {
      throw new CsvSyntaxProblem(
        'unterminated-quote',
        this.quoteLine,
        `the quoted field that starts on line ${this.quoteLine} is not closed at the end of the file`,
      );
    }
    if (this.rowStarted) {
      this.endField();
      this.endRow();
    }
  }

  /** Returns the rows completed since the last call and removes them from the queue. */
  takeRows(): CsvRow[] {
    return this.rows.splice(0, this.rows.length);
  }

  private startField(text: string, index: number): number {
    const code = text.charCodeAt(index);
    if (!this.rowStarted) {
      if (code === LINE_FEED || code === CARRIAGE_RETURN) {
        return this.lineBreak(text, index);
      }
      this.rowStarted = true;
      this.rowLine = this.currentLine;
    }

    if (code === QUOTE) {
      this.state = 'quoted';
      this.quoteLine = this.currentLine;
      return index + 1;
    }
    this.state = 'unquoted';
    return index;
  }

  private readUnquoted(text: string, index: number): number {
    UNQUOTED_END.lastIndex = index;
    const found = UNQUOTED_END.exec(text);
    const end = found === null ? text.length : found.index;
    this.append(text.slice(index, end));
    if (found === null) {
      return end;
    }
    return this.endFieldAt(text, end);
  }

  private readQuoted(text: string, index: number): number {
    const quote = text.indexOf('"', index);
    const end = quote === -1 ? text.length : quote;
    const segment = text.slice(index, end);
    this.append(segment);
    this.currentLine += countLineFeeds(segment);
    if (quote === -1) {
      return end;
    }
    this.state = 'quote-in-quoted';
    return quote + 1;
  }

  /** Handles the character after a quote inside a quoted field: a second quote, or the end of the field. */
  private afterQuote(text: string, index: number): number {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      this.append('"');
      this.state = 'quoted';
      return index + 1;
    }
    if (code === COMMA || code === LINE_FEED || code === CARRIAGE_RETURN) {
      return this.endFieldAt(text, index);
    }
    throw new CsvSyntaxProblem(
      'text-after-quote',
      this.currentLine,
      `field ${this.fields.length + 1} has text after its closing quote (${JSON.stringify(text.slice(index, index + 10))})`,
    );
  }

  /** Ends the field at the comma or line break at `index` and returns the index after it. */
  private endFieldAt(text: string, index: number): number {
    this.endField();
    if (text.charCodeAt(index) === COMMA) {
      this.state = 'field-start';
      return index + 1;
    }
    this.endRow();
    return this.lineBreak(text, index);
  }

  /** Steps over the line break at `index` (LF, CR LF or CR) and returns the index after it. */
  private lineBreak(text: string, index: number): number {
    this.currentLine += 1;
    if (text.charCodeAt(index) === LINE_FEED) {
      return index + 1;
    }
    if (index + 1 === text.length) {
      this.skipLineFeed = true;
      return index + 1;
    }
    return text.charCodeAt(index + 1) === LINE_FEED ? index + 2 : index + 1;
  }

  private append(text: string): void {
    if (this.field.length + text.length > MAX_FIELD_LENGTH) {
      const start = this.state === 'quoted' ? `the quoted field that starts on line ${this.quoteLine}` : `field ${this.fields.length + 1}`;
      throw new CsvSyntaxProblem('field-too-long', this.currentLine, `${start} is longer than ${MAX_FIELD_LENGTH} characters`);
    }
    this.field += text;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = 'field-start';
  }

  private endRow(): void {
    this.rows.push({ fields: this.fields, line: this.rowLine });
    this.fields = [];
    this.rowStarted = false;
  }
}

function countLineFeeds(text: string): number {
  let count = 0;
  let position = text.indexOf('\n');
  while (position !== -1) {
    count += 1;
    position = text.indexOf('\n', position + 1);
  }
  return count;
}
