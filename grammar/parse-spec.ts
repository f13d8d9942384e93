import type { IRecognitionException, IToken } from 'chevrotain';
import type { Diagnostic, Span } from '../compiler/diagnostic.js';
import type { SpecFile } from './ast.js';
import { AstBuilder } from './cst-to-ast.js';
import { specParser } from './parser.js';
import { SingleQuotedString, specLexer } from './tokens.js';
import { spanAfter, tokenSpan } from './spans.js';

/** A `#` comment, with its text from `#` to the end of its line. */
export interface SpecComment {
  readonly text: string;
  readonly span: Span;
}

export interface ParseResult {
  readonly spec: SpecFile;
  readonly diagnostics: readonly Diagnostic[];
  /** Every comment of the file in source order. The AST itself contains none. */
  readonly comments: readonly SpecComment[];
}

/**
 * Parses one `.pmap` file. Never throws on bad input: every lexing and
 * parsing problem becomes a diagnostic, and the AST contains whatever parsed.
 */
export function parseSpec(file: string, text: string): ParseResult {
  const lexed = specLexer.tokenize(text);
  const diagnostics: Diagnostic[] = lexed.errors.map((error) => lexerDiagnostic(file, text, error));
  for (const token of lexed.tokens.filter((candidate) => candidate.tokenType === SingleQuotedString)) {
    diagnostics.push({
      code: 'PM101',
      severity: 'error',
      message: 'strings use double quotes, not single quotes',
      span: tokenSpan(file, token),
      hint: `write "${token.image.slice(1, -1)}"`,
    });
  }
  for (const token of lexed.groups['unterminated'] ?? []) {
    diagnostics.push({
      code: 'PM103',
      severity: 'error',
      message: 'unterminated string',
      span: tokenSpan(file, token),
      hint: 'close the string with " on the same line; write \\" for a quote inside it',
    });
  }

  specParser.input = lexed.tokens;
  const cst = specParser.specFile();
  const lastToken = lexed.tokens[lexed.tokens.length - 1];
  for (const error of specParser.errors) diagnostics.push(parserDiagnostic(file, error, lastToken));

  const builder = new AstBuilder(file);
  const declarations = builder.specFile(cst);
  const imports = builder.imports(cst);
  diagnostics.push(...builder.diagnostics);

  const comments = (lexed.groups['comments'] ?? []).map((token) => ({ text: token.image, span: tokenSpan(file, token) }));
  return { spec: { file, imports, declarations }, diagnostics, comments };
}

interface LexerError {
  readonly offset: number;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly length: number;
}

function lexerDiagnostic(file: string, text: string, error: LexerError): Diagnostic {
  const line = error.line ?? 1;
  const column = error.column ?? 1;
  const span: Span = {
    file,
    startLine: line,
    startColumn: column,
    endLine: line,
    endColumn: column + 1,
    startOffset: error.offset,
    endOffset: error.offset + 1,
  };
  const character = text[error.offset] ?? '';
  if (character === '"') {
    return {
      code: 'PM103',
      severity: 'error',
      message: 'unterminated string',
      span,
      hint: 'close the string with " on the same line; write \\" for a quote inside it',
    };
  }
  if (character === "'") {
    return {
      code: 'PM101',
      severity: 'error',
      message: 'strings use double quotes, not single quotes',
      span,
      hint: 'write "opportunity" rather than \'opportunity\'',
    };
  }
  if (character === '+') {
    return { code: 'PM101', severity: 'error', message: 'invalid character "+": the language has no arithmetic', span, hint: 'join texts with join(" ", FirstName, LastName)' };
  }
  return {
    code: 'PM101',
    severity: 'error',
    message: `invalid character ${JSON.stringify(character)}`,
    span,
    hint: 'names are letters, digits, "_" and "."; strings go in double quotes; comments start with #',
  };
}

/** Descriptions of the rule the parser was reading when it failed, so messages use the language's terms. */
const ruleDescriptions: Record<string, string> = {
  specFile: "a declaration ('object', 'values' or 'import')",
  importDeclaration: 'import "path/to/file.pmap"',
  batchOption: 'batch <size>',
  modeOption: 'mode upsert or mode create-only',
  matchOption: 'match <odoo field>',
  customField: 'custom field x_name: type "Label"',
  dedupeRule: 'dedupe by <expression> keep first|last|latest <Column>|earliest <Column>',
  requireRule: 'require <field> or <field>',
  checkRule: 'check <field> is email|is phone|matches "re"|length n..m|in n..m|unique',
  joinClause: 'with pega table <table> as <Alias> on <Column> = <Alias>.<Column>',
  cleanRule: 'clean <Column> = <expression>',
  objectDeclaration: 'an object header',
  assignment: 'a field assignment (field = expression)',
  expression: 'an expression (a column, a literal, a function call, if or case)',
  andExpression: 'an expression',
  notExpression: 'an expression',
  comparison: 'an expression',
  primary: 'an expression (a column, a literal, a function call, if or case)',
  ifExpression: 'if <condition> then <value> else <value>',
  caseExpression: 'case when <condition> then <value> … else <value> end',
  caseBranch: 'when <value> then <value>',
  argument: 'an argument',
  nameOrCall: 'a column or a function call',
  literal: 'a literal (a string, a number, true, false or null)',
  valueMapDeclaration: 'a value map',
  valueMapEntry: "a value map entry (\"from\" => \"to\", or else => \"to\")",
};

function parserDiagnostic(file: string, error: IRecognitionException, lastToken: IToken | undefined): Diagnostic {
  const token = error.token;
  const atEnd = token.tokenType?.name === 'EOF' || Number.isNaN(token.startOffset);
  const previous = (error as { previousToken?: IToken }).previousToken;
  const anchor = atEnd ? (previous ?? lastToken) : token;
  const span = anchor
    ? (atEnd ? spanAfter(file, anchor) : tokenSpan(file, anchor))
    : { file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1, startOffset: 0, endOffset: 0 };

  const found = atEnd ? 'the end of the file' : `'${token.image}'`;
  const rule = error.context.ruleStack[error.context.ruleStack.length - 1] ?? 'specFile';
  const expected = expectedText(error) ?? ruleDescriptions[rule] ?? 'a declaration';
  if (expected === 'EOF') {
    return {
      code: 'PM102',
      severity: 'error',
      message: `unexpected ${found}: no declaration starts here`,
      span,
      hint: "a file holds 'object', 'values' and 'import' declarations; check for an unmatched ')' or '}' before this point",
    };
  }
  return {
    code: 'PM102',
    severity: 'error',
    message: `expected ${expected}, found ${found}`,
    span,
    hint: hintFor(rule),
  };
}

/**
 * Chevrotain's messages name the expected tokens (`--> Identifier <--`, or
 * `<[StringLiteral]>` sequences); keep their labels and drop the rest.
 */
function expectedText(error: IRecognitionException): string | undefined {
  const mismatched = /--> (.+?) <--/.exec(error.message);
  const labels = mismatched?.[1]
    ? [mismatched[1]]
    : [...error.message.matchAll(/<\[([^\],]+)/g)].map((match) => match[1]!);
  const distinct = [...new Set(labels.map(describeTokenLabel))];
  if (distinct.length === 0 || distinct.length > 3) return undefined;
  return distinct.join(' or ');
}

function describeTokenLabel(label: string): string {
  if (label === 'Identifier') return 'a name';
  return label;
}

function hintFor(rule: string): string {
  switch (rule) {
    case 'objectDeclaration':
      return 'an object starts: object <Name> from pega table <table> key <Column> to odoo <model>';
    case 'valueMapDeclaration':
    case 'valueMapEntry':
      return 'a value map reads: values <Name> -> <model> { "Pega value" => "Odoo value" else => "default" }';
    default:
      return 'see docs/language.md for the syntax of each construct';
  }
}
