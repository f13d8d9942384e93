import { CstParser } from 'chevrotain';
import * as t from './tokens.js';

/**
 * The concrete-syntax parser. Rules mirror the language reference; error
 * recovery is on, so one run reports every syntax error in a file and the
 * rest of the file still reaches the checker.
 */
export class SpecParser extends CstParser {
  constructor() {
    super(t.allTokens, { recoveryEnabled: true, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  public specFile = this.RULE('specFile', () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.objectDeclaration) },
        { ALT: () => this.SUBRULE(this.valueMapDeclaration) },
      ]);
    });
  });

  private objectDeclaration = this.RULE('objectDeclaration', () => {
    this.CONSUME(t.ObjectKeyword);
    this.CONSUME(t.Identifier, { LABEL: 'name' });
    this.CONSUME(t.FromKeyword);
    this.CONSUME(t.PegaKeyword);
    this.CONSUME(t.TableKeyword);
    this.CONSUME2(t.Identifier, { LABEL: 'table' });
    this.CONSUME(t.KeyKeyword);
    this.AT_LEAST_ONE_SEP({
      SEP: t.Comma,
      DEF: () => this.CONSUME3(t.Identifier, { LABEL: 'key' }),
    });
    this.CONSUME(t.ToKeyword);
    this.CONSUME(t.OdooKeyword);
    this.CONSUME4(t.Identifier, { LABEL: 'model' });
    this.MANY(() => this.SUBRULE(this.assignment));
  });

  private assignment = this.RULE('assignment', () => {
    this.CONSUME(t.Identifier, { LABEL: 'field' });
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  private expression = this.RULE('expression', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
    ]);
  });

  private nameOrCall = this.RULE('nameOrCall', () => {
    this.CONSUME(t.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(t.LeftParen);
      this.MANY_SEP({
        SEP: t.Comma,
        DEF: () => this.SUBRULE(this.expression, { LABEL: 'args' }),
      });
      this.CONSUME(t.RightParen);
    });
  });

  private literal = this.RULE('literal', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.StringLiteral) },
      { ALT: () => this.CONSUME(t.NumberLiteral) },
      { ALT: () => this.CONSUME(t.TrueKeyword) },
      { ALT: () => this.CONSUME(t.FalseKeyword) },
      { ALT: () => this.CONSUME(t.NullKeyword) },
    ]);
  });

  private valueMapDeclaration = this.RULE('valueMapDeclaration', () => {
    this.CONSUME(t.ValuesKeyword);
    this.CONSUME(t.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(t.ThinArrow);
      this.CONSUME2(t.Identifier, { LABEL: 'targetModel' });
    });
    this.CONSUME(t.LeftBrace);
    this.MANY(() => this.SUBRULE(this.valueMapEntry));
    this.CONSUME(t.RightBrace);
  });

  private valueMapEntry = this.RULE('valueMapEntry', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.literal, { LABEL: 'from' }) },
      { ALT: () => this.CONSUME(t.ElseKeyword) },
    ]);
    this.CONSUME(t.FatArrow);
    this.SUBRULE2(this.literal, { LABEL: 'to' });
  });
}

/** One shared instance: Chevrotain parsers are reusable and costly to build. */
export const specParser = new SpecParser();
