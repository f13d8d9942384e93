import { createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * Names: Pega properties (`pyStatusWork`), Odoo fields (`partner_id`), models
 * and tables with dots (`res.partner`, `data.pc_work`), embedded-page paths
 * (`Address.City`), and hyphenated words (`create-only`, Pega class names).
 */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*(?:[.-][A-Za-z_][A-Za-z0-9_]*)*/,
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
export const IfKeyword = keyword('if');
export const ThenKeyword = keyword('then');
export const CaseKeyword = keyword('case');
export const WhenKeyword = keyword('when');
export const EndKeyword = keyword('end');
export const AndKeyword = keyword('and');
export const OrKeyword = keyword('or');
export const NotKeyword = keyword('not');
export const IsKeyword = keyword('is');
export const ImportKeyword = keyword('import');
export const BatchKeyword = keyword('batch');
export const ModeKeyword = keyword('mode');
export const MatchKeyword = keyword('match');
export const CustomKeyword = keyword('custom');
export const DedupeKeyword = keyword('dedupe');
export const RequireKeyword = keyword('require');
export const CheckKeyword = keyword('check');
export const WithKeyword = keyword('with');
export const ClassKeyword = keyword('class');
export const CleanKeyword = keyword('clean');
export const AsKeyword = keyword('as');
export const OnKeyword = keyword('on');
export const WhereKeyword = keyword('where');

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\n\r]|\\.)*"/,
  label: 'a string',
});
/**
 * A string in single quotes: the parser reads it as a string, so the rest of
 * the spec is still checked, and `parseSpec` reports it once.
 */
export const SingleQuotedString = createToken({
  name: 'SingleQuotedString',
  pattern: /'[^'\n\r]*'/,
  categories: [StringLiteral],
});

/**
 * A string whose closing quote is missing on its line. It is kept out of the
 * parser (group `unterminated`) and reported once, instead of the rest of the
 * line being read as code and producing follow-on errors.
 */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\n\r]|\\.)*/,
  group: 'unterminated',
});
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /-?\d+(?:\.\d+)?/,
  label: 'a number',
});

export const FatArrow = createToken({ name: 'FatArrow', pattern: /=>/, label: "'=>'" });
export const ThinArrow = createToken({ name: 'ThinArrow', pattern: /->/, label: "'->'" });
export const EqualEqual = createToken({ name: 'EqualEqual', pattern: /==/, label: "'=='" });
export const NotEqual = createToken({ name: 'NotEqual', pattern: /!=/, label: "'!='" });
export const LessEqual = createToken({ name: 'LessEqual', pattern: /<=/, label: "'<='" });
export const GreaterEqual = createToken({ name: 'GreaterEqual', pattern: />=/, label: "'>='" });
export const Less = createToken({ name: 'Less', pattern: /</, label: "'<'" });
export const Greater = createToken({ name: 'Greater', pattern: />/, label: "'>'" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const LeftParen = createToken({ name: 'LeftParen', pattern: /\(/, label: "'('" });
export const RightParen = createToken({ name: 'RightParen', pattern: /\)/, label: "')'" });
export const LeftBrace = createToken({ name: 'LeftBrace', pattern: /\{/, label: "'{'" });
export const RightBrace = createToken({ name: 'RightBrace', pattern: /\}/, label: "'}'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const DotDot = createToken({ name: 'DotDot', pattern: /\.\./, label: "'..'" });
/** Marks a proposed line or value map target that a person has not accepted yet: `? email = Email`, `=> ?"Won"`. */
export const Unconfirmed = createToken({ name: 'Unconfirmed', pattern: /\?/, label: "'?'" });

/** Comments reach the parser's caller in the `comments` token group, so the formatter can keep them. */
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n\r]*/, group: 'comments' });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });

export const keywordTokens = [
  ObjectKeyword, FromKeyword, PegaKeyword, TableKeyword, KeyKeyword, ToKeyword, OdooKeyword,
  ValuesKeyword, ElseKeyword, TrueKeyword, FalseKeyword, NullKeyword,
  IfKeyword, ThenKeyword, CaseKeyword, WhenKeyword, EndKeyword, AndKeyword, OrKeyword, NotKeyword, IsKeyword,
  ImportKeyword, BatchKeyword, ModeKeyword, MatchKeyword, CustomKeyword, DedupeKeyword, RequireKeyword, CheckKeyword,
  WithKeyword, AsKeyword, OnKeyword, ClassKeyword, CleanKeyword, WhereKeyword,
];

/** Comparison operators, longest first so that `<=` is not read as `<`. */
export const comparisonTokens = [EqualEqual, NotEqual, LessEqual, GreaterEqual, Less, Greater];

/** Order matters: keywords before Identifier, `=>` before `=`. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLiteral,
  SingleQuotedString,
  UnterminatedString,
  NumberLiteral,
  FatArrow,
  ThinArrow,
  ...comparisonTokens,
  Equals,
  Colon,
  LeftParen,
  RightParen,
  LeftBrace,
  RightBrace,
  Comma,
  DotDot,
  Unconfirmed,
  ...keywordTokens,
  Identifier,
];

export const specLexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });
