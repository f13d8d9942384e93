import { CstParser } from 'chevrotain';
import * as t from './tokens.js';

/**
 * The concrete-syntax parser, whose rules mirror the language reference.
 * Error recovery is on, so one run reports every syntax error in a file and
 * the rest of the file still reaches the checker.
 */
export class SpecParser extends CstParser {
  constructor() {
    super(t.allTokens, { recoveryEnabled: true, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  public specFile = this.RULE('specFile', () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.importDeclaration) },
        { ALT: () => this.SUBRULE(this.objectDeclaration) },
        { ALT: () => this.SUBRULE(this.valueMapDeclaration) },
      ]);
    });
  });

  private importDeclaration = this.RULE('importDeclaration', () => {
    this.CONSUME(t.ImportKeyword);
    this.CONSUME(t.StringLiteral, { LABEL: 'path' });
  });

  private objectDeclaration = this.RULE('objectDeclaration', () => {
    this.CONSUME(t.ObjectKeyword);
    this.CONSUME(t.Identifier, { LABEL: 'name' });
    this.CONSUME(t.FromKeyword);
    this.CONSUME(t.PegaKeyword);
    this.OR2([
      { ALT: () => this.CONSUME(t.TableKeyword, { LABEL: 'sourceKind' }) },
      { ALT: () => this.CONSUME(t.ClassKeyword, { LABEL: 'sourceKind' }) },
    ]);
    this.CONSUME2(t.Identifier, { LABEL: 'table' });
    this.CONSUME(t.KeyKeyword);
    this.AT_LEAST_ONE_SEP({
      SEP: t.Comma,
      DEF: () => this.CONSUME3(t.Identifier, { LABEL: 'key' }),
    });
    this.CONSUME(t.ToKeyword);
    this.CONSUME(t.OdooKeyword);
    this.CONSUME4(t.Identifier, { LABEL: 'model' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.assignment) },
        { ALT: () => this.SUBRULE(this.batchOption) },
        { ALT: () => this.SUBRULE(this.modeOption) },
        { ALT: () => this.SUBRULE(this.matchOption) },
        { ALT: () => this.SUBRULE(this.customField) },
        { ALT: () => this.SUBRULE(this.dedupeRule) },
        { ALT: () => this.SUBRULE(this.requireRule) },
        { ALT: () => this.SUBRULE(this.checkRule) },
        { ALT: () => this.SUBRULE(this.joinClause) },
        { ALT: () => this.SUBRULE(this.cleanRule) },
        { ALT: () => this.SUBRULE(this.rowFilter) },
      ]);
    });
  });

  // where <condition>. A single `=` after the condition is parsed only so
  // that the AST builder can report it with a hint to write `==`.
  private rowFilter = this.RULE('rowFilter', () => {
    this.CONSUME(t.WhereKeyword);
    this.SUBRULE(this.expression, { LABEL: 'condition' });
    this.OPTION(() => {
      this.CONSUME(t.Equals);
      this.SUBRULE2(this.expression, { LABEL: 'right' });
    });
  });

  // clean <Column> = <expression>
  private cleanRule = this.RULE('cleanRule', () => {
    this.CONSUME(t.CleanKeyword);
    this.CONSUME(t.Identifier, { LABEL: 'column' });
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression, { LABEL: 'value' });
  });

  // with pega table <table> as <Alias> on <Column> = <Alias>.<Column>
  private joinClause = this.RULE('joinClause', () => {
    this.CONSUME(t.WithKeyword);
    this.CONSUME(t.PegaKeyword);
    this.CONSUME(t.TableKeyword);
    this.CONSUME(t.Identifier, { LABEL: 'table' });
    this.CONSUME(t.AsKeyword);
    this.CONSUME2(t.Identifier, { LABEL: 'alias' });
    this.CONSUME(t.OnKeyword);
    this.CONSUME3(t.Identifier, { LABEL: 'localColumn' });
    this.CONSUME(t.Equals);
    this.CONSUME4(t.Identifier, { LABEL: 'joinedColumn' });
  });

  private batchOption = this.RULE('batchOption', () => {
    this.CONSUME(t.BatchKeyword);
    this.CONSUME(t.NumberLiteral, { LABEL: 'size' });
  });

  private modeOption = this.RULE('modeOption', () => {
    this.CONSUME(t.ModeKeyword);
    this.CONSUME(t.Identifier, { LABEL: 'mode' });
  });

  private matchOption = this.RULE('matchOption', () => {
    this.CONSUME(t.MatchKeyword);
    this.CONSUME(t.Identifier, { LABEL: 'field' });
  });

  // custom field x_name: type "Label" { "key" => "Label" … }
  private customField = this.RULE('customField', () => {
    this.OPTION3(() => this.CONSUME(t.Unconfirmed, { LABEL: 'unconfirmed' }));
    this.CONSUME(t.CustomKeyword);
    this.CONSUME(t.Identifier, { LABEL: 'fieldWord' });
    this.CONSUME2(t.Identifier, { LABEL: 'name' });
    this.CONSUME(t.Colon);
    this.CONSUME3(t.Identifier, { LABEL: 'fieldType' });
    this.OPTION(() => this.CONSUME(t.StringLiteral, { LABEL: 'label' }));
    this.OPTION2(() => {
      this.CONSUME(t.LeftBrace);
      this.MANY(() => {
        this.CONSUME2(t.StringLiteral, { LABEL: 'keys' });
        this.CONSUME(t.FatArrow);
        this.CONSUME3(t.StringLiteral, { LABEL: 'labels' });
      });
      this.CONSUME(t.RightBrace);
    });
  });

  // dedupe by <expression>, … keep first | last | latest <Column> | earliest <Column>
  private dedupeRule = this.RULE('dedupeRule', () => {
    this.CONSUME(t.DedupeKeyword);
    this.CONSUME(t.Identifier, { LABEL: 'byWord' });
    this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'keys' }) });
    this.CONSUME2(t.Identifier, { LABEL: 'keepWord' });
    this.CONSUME3(t.Identifier, { LABEL: 'keep' });
    // The column after latest/earliest; a name followed by `=` starts the next assignment instead.
    this.OPTION({
      GATE: () => this.LA(2).tokenType !== t.Equals,
      DEF: () => this.CONSUME4(t.Identifier, { LABEL: 'orderBy' }),
    });
  });

  private requireRule = this.RULE('requireRule', () => {
    this.CONSUME(t.RequireKeyword);
    this.AT_LEAST_ONE_SEP({ SEP: t.OrKeyword, DEF: () => this.CONSUME(t.Identifier, { LABEL: 'fields' }) });
  });

  // check <field> is email | is phone | matches "re" | length n..m | in n..m | unique
  private checkRule = this.RULE('checkRule', () => {
    this.CONSUME(t.CheckKeyword);
    this.CONSUME(t.Identifier, { LABEL: 'field' });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.IsKeyword);
          this.CONSUME2(t.Identifier, { LABEL: 'shape' });
        },
      },
      {
        ALT: () => {
          this.CONSUME3(t.Identifier, { LABEL: 'rule' });
          this.OPTION(() => {
            this.OR2([
              { ALT: () => this.CONSUME(t.StringLiteral, { LABEL: 'pattern' }) },
              {
                ALT: () => {
                  this.CONSUME(t.NumberLiteral, { LABEL: 'min' });
                  this.CONSUME(t.DotDot);
                  this.CONSUME2(t.NumberLiteral, { LABEL: 'max' });
                },
              },
            ]);
          });
        },
      },
    ]);
  });

  private assignment = this.RULE('assignment', () => {
    this.OPTION(() => this.CONSUME(t.Unconfirmed, { LABEL: 'unconfirmed' }));
    this.CONSUME(t.Identifier, { LABEL: 'field' });
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  // Precedence, loosest first: or, and, not, comparison, primary.
  private expression = this.RULE('expression', () => {
    this.SUBRULE(this.andExpression, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(t.OrKeyword, { LABEL: 'operators' });
      this.SUBRULE2(this.andExpression, { LABEL: 'operands' });
    });
  });

  private andExpression = this.RULE('andExpression', () => {
    this.SUBRULE(this.notExpression, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(t.AndKeyword, { LABEL: 'operators' });
      this.SUBRULE2(this.notExpression, { LABEL: 'operands' });
    });
  });

  private notExpression = this.RULE('notExpression', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.NotKeyword);
          this.SUBRULE(this.notExpression, { LABEL: 'operand' });
        },
      },
      { ALT: () => this.SUBRULE(this.comparison, { LABEL: 'operand' }) },
    ]);
  });

  private comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.primary, { LABEL: 'left' });
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.OR2(t.comparisonTokens.map((token) => ({ ALT: () => this.CONSUME(token, { LABEL: 'operator' }) })));
            this.SUBRULE2(this.primary, { LABEL: 'right' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.IsKeyword);
            this.OPTION2(() => this.CONSUME(t.NotKeyword, { LABEL: 'negated' }));
            this.CONSUME(t.NullKeyword);
          },
        },
      ]);
    });
  });

  private primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
      { ALT: () => this.SUBRULE(this.ifExpression) },
      { ALT: () => this.SUBRULE(this.caseExpression) },
      {
        ALT: () => {
          this.CONSUME(t.LeftParen);
          this.SUBRULE(this.expression, { LABEL: 'inner' });
          this.CONSUME(t.RightParen);
        },
      },
    ]);
  });

  private ifExpression = this.RULE('ifExpression', () => {
    this.CONSUME(t.IfKeyword);
    this.SUBRULE(this.expression, { LABEL: 'condition' });
    this.CONSUME(t.ThenKeyword);
    this.SUBRULE2(this.expression, { LABEL: 'then' });
    this.CONSUME(t.ElseKeyword);
    this.SUBRULE3(this.expression, { LABEL: 'otherwise' });
  });

  // `case when cond then x … else y end`, or with a subject:
  // `case Column when "a" then x … end`, which compares the subject with each `when`.
  private caseExpression = this.RULE('caseExpression', () => {
    this.CONSUME(t.CaseKeyword);
    this.OPTION(() => this.SUBRULE(this.expression, { LABEL: 'subject' }));
    this.AT_LEAST_ONE(() => this.SUBRULE(this.caseBranch, { LABEL: 'branches' }));
    this.OPTION2(() => {
      this.CONSUME(t.ElseKeyword);
      this.SUBRULE2(this.expression, { LABEL: 'otherwise' });
    });
    this.CONSUME(t.EndKeyword);
  });

  private caseBranch = this.RULE('caseBranch', () => {
    this.CONSUME(t.WhenKeyword);
    this.SUBRULE(this.expression, { LABEL: 'when' });
    this.CONSUME(t.ThenKeyword);
    this.SUBRULE2(this.expression, { LABEL: 'then' });
  });

  private nameOrCall = this.RULE('nameOrCall', () => {
    this.CONSUME(t.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(t.LeftParen);
      this.MANY_SEP({
        SEP: t.Comma,
        DEF: () => this.SUBRULE(this.argument, { LABEL: 'args' }),
      });
      this.CONSUME(t.RightParen);
    });
  });

  /** A positional argument, or a named one: `region: "US"`. */
  private argument = this.RULE('argument', () => {
    this.OPTION(() => {
      this.CONSUME(t.Identifier, { LABEL: 'argumentName' });
      this.CONSUME(t.Colon);
    });
    this.SUBRULE(this.expression, { LABEL: 'value' });
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
    // `error` and `pass` (for an else entry) are names, checked by the AST builder.
    this.OR2([
      { ALT: () => this.SUBRULE2(this.literal, { LABEL: 'to' }) },
      { ALT: () => this.CONSUME(t.Identifier, { LABEL: 'toKeyword' }) },
      {
        // `?"Won"` proposes a target; a `?` alone marks a value still without one.
        // A literal followed by `=>` is the next entry's source, not this target.
        ALT: () => {
          this.CONSUME(t.Unconfirmed, { LABEL: 'unconfirmed' });
          this.OPTION({
            GATE: () => this.LA(2).tokenType !== t.FatArrow,
            DEF: () => this.SUBRULE3(this.literal, { LABEL: 'to' }),
          });
        },
      },
    ]);
  });
}

/** One shared instance: Chevrotain parsers are reusable and costly to build. */
export const specParser = new SpecParser();
