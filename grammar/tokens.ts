import { createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * Names: Pega properties (`pyStatusWork`), Odoo fields (`partner_id`), models
 * and tables with dots (`res.partner`, `data.pc_work`), and embedded-page paths
 * (`Address.City`).
 */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/,
});

function keyword(word: string): TokenType {
  return createToken({
    name: `${word[0]!.toUpperCase()}${word.slice(1)}Keyword`,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    label: `'${word}'`,
  });
}

export const ObjectKeyword = keyword('object');
export const FromKeyword = keyword('from');
export const PegaKeyword = keyword('pega');
export const TableKeyword = keyword('table');
export const KeyKeyword = keyword('key');
export const ToKeyword = keyword('to');
export const OdooKeyword = keyword('odoo');
export const ValuesKeyword = keyword('values');
export const ElseKeyword = keyword('else');
export const TrueKeyword = keyword('true');
export const FalseKeyword = keyword('false');
export const NullKeyword = keyword('null');

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\n\r]|\\.)*"/,
  label: 'a string',
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /-?\d+(?:\.\d+)?/,
  label: 'a number',
});

export const FatArrow = createToken({ name: 'FatArrow', pattern: /=>/, label: "'=>'" });
export const ThinArrow = createToken({ name: 'ThinArrow', pattern: /->/, label: "'->'" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });
export const LeftParen = createToken({ name: 'LeftParen', pattern: /\(/, label: "'('" });
export const RightParen = createToken({ name: 'RightParen', pattern: /\)/, label: "')'" });
export const LeftBrace = createToken({ name: 'LeftBrace', pattern: /\{/, label: "'{'" });
export const RightBrace = createToken({ name: 'RightBrace', pattern: /\}/, label: "'}'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });

export const Comment = createToken({ name: 'Comment', pattern: /#[^\n\r]*/, group: Lexer.SKIPPED });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });

export const keywordTokens = [
  ObjectKeyword, FromKeyword, PegaKeyword, TableKeyword, KeyKeyword, ToKeyword, OdooKeyword,
  ValuesKeyword, ElseKeyword, TrueKeyword, FalseKeyword, NullKeyword,
];

/** Order matters: keywords before Identifier, `=>` before `=`. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLiteral,
  NumberLiteral,
  FatArrow,
  ThinArrow,
  Equals,
  LeftParen,
  RightParen,
  LeftBrace,
  RightBrace,
  Comma,
  ...keywordTokens,
  Identifier,
];

export const specLexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });
