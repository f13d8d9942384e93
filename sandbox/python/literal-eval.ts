// The part of Python's ast.literal_eval that Odoo applies to the selection
// string of a custom field: lists and tuples of strings, numbers, booleans
// and None, e.g. "[('a', 'A'), ('b', 'B')]".

export type PythonLiteral = string | number | boolean | null | PythonLiteral[];

/** Raised for text that is not such a literal. */
export class LiteralSyntaxError extends Error {}

/** Parses a Python literal of lists, tuples, strings, numbers, booleans and None. */
export function literalEval(text: string): PythonLiteral {
  const parser = new LiteralParser(text);
  const value = parser.value();
  parser.end();
  return value;
}

class LiteralParser {
  private position = 0;

  constructor(private readonly text: string) {}

  value(): PythonLiteral {
    this.skipSpaces();
    const char = this.text[this.position];
    if (char === '[') return this.sequence(']');
    if (char === '(') return this.sequence(')');
    if (char === "'" || char === '"') return this.string(char);
    return this.word();
  }

  end(): void {
    this.skipSpaces();
    if (this.position < this.text.length) throw new LiteralSyntaxError(`unexpected text at ${this.position}`);
  }

  private sequence(close: string): PythonLiteral[] {
    this.position += 1;
    const items: PythonLiteral[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.text[this.position] === close) {
        this.position += 1;
        return items;
      }
      items.push(this.value());
      this.skipSpaces();
      const separator = this.text[this.position];
      if (separator === ',') this.position += 1;
      else if (separator !== close) throw new LiteralSyntaxError(`expected ',' or '${close}' at ${this.position}`);
    }
  }

  private string(quote: string): string {
    this.position += 1;
    let result = '';
    while (this.position < this.text.length) {
      const char = this.text[this.position] ?? '';
      this.position += 1;
      if (char === quote) return result;
      if (char !== '\\') {
        result += char;
        continue;
      }
      const escaped = this.text[this.position] ?? '';
      this.position += 1;
      result += ESCAPES[escaped] ?? `\\${escaped}`;
    }
    throw new LiteralSyntaxError('unterminated string');
  }

  private word(): PythonLiteral {
    const match = /^(?:[+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|True|False|None)/.exec(this.text.slice(this.position));
    if (!match) throw new LiteralSyntaxError(`unexpected character at ${this.position}`);
    this.position += match[0].length;
    if (match[0] === 'True') return true;
    if (match[0] === 'False') return false;
    if (match[0] === 'None') return null;
    return Number(match[0]);
  }

  private skipSpaces(): void {
    while (/\s/.test(this.text[this.position] ?? '')) this.position += 1;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
