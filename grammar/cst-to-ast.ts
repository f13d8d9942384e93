import type { CstNode, IToken } from 'chevrotain';
import type { Diagnostic, Span } from '../compiler/diagnostic.js';
import type {
  Assignment, BinaryOperator, CaseBranch, CustomFieldDeclaration, Declaration, DedupeKeep, DedupeRule, Expression,
  CleanRule, ImportDeclaration, JoinClause, Literal, NamedArgument, Name, ObjectDeclaration, ObjectOption, RowFilter, Validator, ValueMapDeclaration,
  ValueMapEntry, ValueMapFallback,
} from './ast.js';
import { joinSpans, tokenSpan } from './spans.js';

type Children = Record<string, Array<CstNode | IToken> | undefined>;

function tokens(children: Children, label: string): IToken[] {
  return (children[label] ?? []).filter((child): child is IToken => 'image' in child && !isInserted(child));
}

function nodes(children: Children, label: string): CstNode[] {
  return (children[label] ?? []).filter((child): child is CstNode => 'children' in child);
}

/** Tokens that error recovery inserted have no position and must not become names. */
function isInserted(token: IToken): boolean {
  return Number.isNaN(token.startOffset) || token.isInsertedInRecovery === true;
}

interface TokenRange {
  readonly first: IToken;
  readonly last: IToken;
}

// Spans are asked for every node of every expression level, so each node's
// first and last real token is computed once and kept.
const rangeCache = new WeakMap<CstNode, TokenRange | null>();

/** Finds the first and last real token under a node, or null when recovery left it without any. */
function tokenRange(node: CstNode): TokenRange | null {
  const cached = rangeCache.get(node);
  if (cached !== undefined) return cached;

  let first: IToken | undefined;
  let last: IToken | undefined;
  const consider = (token: IToken) => {
    if (!first || token.startOffset < first.startOffset) first = token;
    if (!last || token.startOffset > last.startOffset) last = token;
  };
  for (const children of Object.values(node.children)) {
    for (const child of children ?? []) {
      if ('children' in child) {
        const range = tokenRange(child);
        if (range) {
          consider(range.first);
          consider(range.last);
        }
      } else if (!isInserted(child)) {
        consider(child);
      }
    }
  }
  const range = first && last ? { first, last } : null;
  rangeCache.set(node, range);
  return range;
}

function nodeSpan(file: string, node: CstNode): Span | undefined {
  const range = tokenRange(node);
  if (!range) return undefined;
  return joinSpans(tokenSpan(file, range.first), tokenSpan(file, range.last));
}

/**
 * Turns a concrete syntax tree into the AST. Parts that error recovery left
 * incomplete are dropped: their syntax error is already reported, and
 * checking a half-parsed declaration would only add follow-on noise.
 */
export class AstBuilder {
  /** Problems the grammar cannot express, such as a name where `error` or `pass` must stand. */
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly file: string) {}

  /** Collects the file's imports, in source order. */
  imports(root: CstNode): ImportDeclaration[] {
    const children = root.children as Children;
    const found: ImportDeclaration[] = [];
    for (const node of nodes(children, 'importDeclaration')) {
      const pathToken = tokens(node.children as Children, 'path')[0];
      const span = nodeSpan(this.file, node);
      if (pathToken && span) found.push({ kind: 'import', path: unquote(pathToken.image), span });
    }
    return found;
  }

  specFile(root: CstNode): Declaration[] {
    const children = root.children as Children;
    const declarations: Declaration[] = [];
    for (const node of nodes(children, 'objectDeclaration')) {
      const declaration = this.objectDeclaration(node);
      if (declaration) declarations.push(declaration);
    }
    for (const node of nodes(children, 'valueMapDeclaration')) {
      const declaration = this.valueMapDeclaration(node);
      if (declaration) declarations.push(declaration);
    }
    return declarations.sort((a, b) => a.span.startOffset - b.span.startOffset);
  }

  private name(token: IToken | undefined): Name | undefined {
    if (!token) return undefined;
    return { text: token.image, span: tokenSpan(this.file, token) };
  }

  private objectDeclaration(node: CstNode): ObjectDeclaration | undefined {
    const children = node.children as Children;
    const name = this.name(tokens(children, 'name')[0]);
    const table = this.name(tokens(children, 'table')[0]);
    const key = tokens(children, 'key').map((token) => this.name(token)!);
    const model = this.name(tokens(children, 'model')[0]);
    const span = nodeSpan(this.file, node);
    if (!name || !table || key.length === 0 || !model || !span) return undefined;

    const assignments = nodes(children, 'assignment')
      .map((child) => this.assignment(child))
      .filter((assignment): assignment is Assignment => assignment !== undefined);
    const options = [
      ...nodes(children, 'batchOption').map((child) => this.batchOption(child)),
      ...nodes(children, 'modeOption').map((child) => this.modeOption(child)),
      ...nodes(children, 'matchOption').map((child) => this.matchOption(child)),
    ].filter((option): option is ObjectOption => option !== undefined).sort((a, b) => a.span.startOffset - b.span.startOffset);
    const customFields = nodes(children, 'customField').map((child) => this.customField(child)).filter((field): field is CustomFieldDeclaration => field !== undefined);
    const dedupe = nodes(children, 'dedupeRule').map((child) => this.dedupeRule(child)).filter((rule): rule is DedupeRule => rule !== undefined);
    const validators = [
      ...nodes(children, 'requireRule').map((child) => this.requireRule(child)),
      ...nodes(children, 'checkRule').map((child) => this.checkRule(child)),
    ].filter((validator): validator is Validator => validator !== undefined).sort((a, b) => a.span.startOffset - b.span.startOffset);
    const joins = nodes(children, 'joinClause').map((child) => this.joinClause(child)).filter((join): join is JoinClause => join !== undefined);
    const sourceKind = tokens(children, 'sourceKind')[0]?.image === 'class' ? 'class' : 'table';
    const cleansing = nodes(children, 'cleanRule').map((child) => this.cleanRule(child)).filter((rule): rule is CleanRule => rule !== undefined);
    const filters = nodes(children, 'rowFilter').map((child) => this.rowFilter(child)).filter((filter): filter is RowFilter => filter !== undefined);
    return { kind: 'object', name, table, sourceKind, key, model, assignments, options, customFields, dedupe, validators, joins, cleansing, filters, span };
  }

  /** Reports a word in a place where only some words may stand, such as `keep first`. */
  private expectWord(token: IToken | undefined, allowed: readonly string[], where: string): string | undefined {
    if (!token) return undefined;
    if (allowed.includes(token.image)) return token.image;
    this.diagnostics.push({
      code: 'PM102',
      severity: 'error',
      message: `expected ${allowed.map((word) => `'${word}'`).join(' or ')} ${where}, found '${token.image}'`,
      span: tokenSpan(this.file, token),
      hint: 'see docs/language.md for the syntax of object options, validators and dedupe rules',
    });
    return undefined;
  }

  private rowFilter(node: CstNode): RowFilter | undefined {
    const children = node.children as Children;
    const conditionNode = nodes(children, 'condition')[0];
    const condition = conditionNode ? this.expression(conditionNode) : undefined;
    const span = nodeSpan(this.file, node);
    if (!condition || !span) return undefined;

    const equals = tokens(children, 'Equals')[0];
    if (equals) {
      this.diagnostics.push({
        code: 'PM102',
        severity: 'error',
        message: 'a where filter compares with ==, not =',
        span: tokenSpan(this.file, equals),
        hint: 'write where pxObjClass == "ACME-CS-Work-Service"; a single = assigns a field',
      });
      return undefined;
    }
    return { condition, span };
  }

  private cleanRule(node: CstNode): CleanRule | undefined {
    const children = node.children as Children;
    const column = this.name(tokens(children, 'column')[0]);
    const valueNode = nodes(children, 'value')[0];
    const value = valueNode ? this.expression(valueNode) : undefined;
    const span = nodeSpan(this.file, node);
    return column && value && span ? { column, value, span } : undefined;
  }

  private joinClause(node: CstNode): JoinClause | undefined {
    const children = node.children as Children;
    const table = this.name(tokens(children, 'table')[0]);
    const alias = this.name(tokens(children, 'alias')[0]);
    const localColumn = this.name(tokens(children, 'localColumn')[0]);
    const joinedColumn = this.name(tokens(children, 'joinedColumn')[0]);
    const span = nodeSpan(this.file, node);
    if (!table || !alias || !localColumn || !joinedColumn || !span) return undefined;
    return { table, alias, localColumn, joinedColumn, span };
  }

  private batchOption(node: CstNode): ObjectOption | undefined {
    const size = tokens(node.children as Children, 'size')[0];
    const span = nodeSpan(this.file, node);
    if (!size || !span) return undefined;
    const value = Number(size.image);
    if (!Number.isInteger(value) || value < 1) {
      this.diagnostics.push({ code: 'PM102', severity: 'error', message: `batch size must be a whole number of at least 1, found ${size.image}`, span: tokenSpan(this.file, size), hint: 'write batch 200' });
      return undefined;
    }
    return { kind: 'batch', size: value, span };
  }

  private modeOption(node: CstNode): ObjectOption | undefined {
    const mode = this.expectWord(tokens(node.children as Children, 'mode')[0], ['upsert', 'create-only'], 'after mode');
    const span = nodeSpan(this.file, node);
    return mode && span ? { kind: 'mode', mode: mode as 'upsert' | 'create-only', span } : undefined;
  }

  private matchOption(node: CstNode): ObjectOption | undefined {
    const field = this.name(tokens(node.children as Children, 'field')[0]);
    const span = nodeSpan(this.file, node);
    return field && span ? { kind: 'match', field, span } : undefined;
  }

  private customField(node: CstNode): CustomFieldDeclaration | undefined {
    const children = node.children as Children;
    const fieldWord = this.expectWord(tokens(children, 'fieldWord')[0], ['field'], 'after custom');
    const name = this.name(tokens(children, 'name')[0]);
    const fieldType = this.name(tokens(children, 'fieldType')[0]);
    const label = tokens(children, 'label')[0];
    const span = nodeSpan(this.file, node);
    if (!fieldWord || !name || !fieldType || !span) return undefined;
    if (tokens(children, 'LeftBrace').length > 0 && tokens(children, 'RightBrace').length === 0) return undefined;

    const keys = tokens(children, 'keys').map((token) => unquote(token.image));
    const labels = tokens(children, 'labels').map((token) => unquote(token.image));
    const selection = keys.map((key, index) => [key, labels[index] ?? key] as const);
    const mark = tokens(children, 'unconfirmed')[0];
    return { name, fieldType, label: label ? unquote(label.image) : undefined, selection, span, ...(mark ? { unconfirmed: tokenSpan(this.file, mark) } : {}) };
  }

  private dedupeRule(node: CstNode): DedupeRule | undefined {
    const children = node.children as Children;
    const byWord = this.expectWord(tokens(children, 'byWord')[0], ['by'], 'after dedupe');
    const keepWord = this.expectWord(tokens(children, 'keepWord')[0], ['keep'], 'after the dedupe keys');
    const keep = this.expectWord(tokens(children, 'keep')[0], ['first', 'last', 'latest', 'earliest'], 'after keep');
    const orderBy = this.name(tokens(children, 'orderBy')[0]);
    const keys = nodes(children, 'keys').map((child) => this.expression(child));
    const span = nodeSpan(this.file, node);
    if (!byWord || !keepWord || !keep || !span || keys.length === 0 || keys.some((key) => key === undefined)) return undefined;

    const needsColumn = keep === 'latest' || keep === 'earliest';
    if (needsColumn !== (orderBy !== undefined)) {
      this.diagnostics.push({
        code: 'PM102',
        severity: 'error',
        message: needsColumn ? `keep ${keep} needs the column to order by` : `keep ${keep} takes no column`,
        span,
        hint: 'write keep latest pxUpdateDateTime, keep earliest pxCreateDateTime, keep first or keep last',
      });
      return undefined;
    }
    return { keys: keys as Expression[], keep: keep as DedupeKeep, orderBy, span };
  }

  private requireRule(node: CstNode): Validator | undefined {
    const fields = tokens(node.children as Children, 'fields').map((token) => this.name(token)!);
    const span = nodeSpan(this.file, node);
    return fields.length > 0 && span ? { kind: 'require', fields, span } : undefined;
  }

  private checkRule(node: CstNode): Validator | undefined {
    const children = node.children as Children;
    const field = this.name(tokens(children, 'field')[0]);
    const span = nodeSpan(this.file, node);
    if (!field || !span) return undefined;

    const shapeToken = tokens(children, 'shape')[0];
    if (shapeToken) {
      const shape = this.expectWord(shapeToken, ['email', 'phone'], 'after is');
      return shape ? { kind: 'check', field, rule: { kind: shape as 'email' | 'phone' }, span } : undefined;
    }
    const rule = this.expectWord(tokens(children, 'rule')[0], ['matches', 'length', 'in', 'unique'], `after check ${field.text}`);
    const pattern = tokens(children, 'pattern')[0];
    const min = tokens(children, 'min')[0];
    const max = tokens(children, 'max')[0];
    if (rule === 'unique' && !pattern && !min) return { kind: 'check', field, rule: { kind: 'unique' }, span };
    if (rule === 'matches' && pattern) return { kind: 'check', field, rule: { kind: 'matches', pattern: unquote(pattern.image) }, span };
    if ((rule === 'length' || rule === 'in') && min && max) {
      return { kind: 'check', field, rule: { kind: rule === 'in' ? 'range' : 'length', min: Number(min.image), max: Number(max.image) }, span };
    }
    if (rule) {
      this.diagnostics.push({
        code: 'PM102',
        severity: 'error',
        message: `check ${field.text} ${rule} is incomplete`,
        span,
        hint: 'write check email is email, check phone is phone, check name matches "^[A-Z]", check name length 1..64, check age in 0..120 or check email unique',
      });
    }
    return undefined;
  }

  private assignment(node: CstNode): Assignment | undefined {
    const children = node.children as Children;
    const field = this.name(tokens(children, 'field')[0]);
    const expressionNode = nodes(children, 'expression')[0];
    const value = expressionNode ? this.expression(expressionNode) : undefined;
    const span = nodeSpan(this.file, node);
    if (!field || !value || !span) return undefined;
    const mark = tokens(children, 'unconfirmed')[0];
    return { kind: 'assignment', field, value, span, ...(mark ? { unconfirmed: tokenSpan(this.file, mark) } : {}) };
  }

  private expression(node: CstNode): Expression | undefined {
    return this.chain(node, (operand) => this.andExpression(operand));
  }

  private andExpression(node: CstNode): Expression | undefined {
    return this.chain(node, (operand) => this.notExpression(operand));
  }

  /** Folds `a or b or c` (and the same for `and`) into left-nested binary nodes. */
  private chain(node: CstNode, operandOf: (operand: CstNode) => Expression | undefined): Expression | undefined {
    const children = node.children as Children;
    const operands = nodes(children, 'operands').map(operandOf);
    const operators = tokens(children, 'operators');
    if (operands.length === 0 || operands.some((operand) => operand === undefined)) return undefined;
    if (operators.length !== operands.length - 1) return undefined;

    let result = operands[0]!;
    operators.forEach((operator, index) => {
      const right = operands[index + 1]!;
      const kind = operator.image === 'or' ? 'or' : 'and';
      result = { kind: 'binary', operator: kind, left: result, right, span: joinSpans(result.span, right.span) };
    });
    return result;
  }

  private notExpression(node: CstNode): Expression | undefined {
    const children = node.children as Children;
    const operandNode = nodes(children, 'operand')[0];
    const span = nodeSpan(this.file, node);
    if (!operandNode || !span) return undefined;
    if (operandNode.name === 'notExpression') {
      const operand = this.notExpression(operandNode);
      return operand ? { kind: 'not', operand, span } : undefined;
    }
    return this.comparison(operandNode);
  }

  private comparison(node: CstNode): Expression | undefined {
    const children = node.children as Children;
    const span = nodeSpan(this.file, node);
    const leftNode = nodes(children, 'left')[0];
    const left = leftNode ? this.primary(leftNode) : undefined;
    if (!left || !span) return undefined;

    if (tokens(children, 'IsKeyword').length > 0) {
      if (tokens(children, 'NullKeyword').length === 0) return undefined;
      return { kind: 'isNull', operand: left, negated: tokens(children, 'negated').length > 0, span };
    }
    const operator = tokens(children, 'operator')[0];
    if (!operator) return left;
    const rightNode = nodes(children, 'right')[0];
    const right = rightNode ? this.primary(rightNode) : undefined;
    if (!right) return undefined;
    return { kind: 'binary', operator: operator.image as BinaryOperator, left, right, span };
  }

  private primary(node: CstNode): Expression | undefined {
    const children = node.children as Children;
    const span = nodeSpan(this.file, node);
    if (!span) return undefined;

    const literalNode = nodes(children, 'literal')[0];
    if (literalNode) {
      const literal = this.literal(literalNode);
      return literal ? { kind: 'literal', literal, span } : undefined;
    }
    const callNode = nodes(children, 'nameOrCall')[0];
    if (callNode) return this.nameOrCall(callNode, span);
    const ifNode = nodes(children, 'ifExpression')[0];
    if (ifNode) return this.ifExpression(ifNode, span);
    const caseNode = nodes(children, 'caseExpression')[0];
    if (caseNode) return this.caseExpression(caseNode, span);

    // A parenthesised expression keeps its inner node; the parentheses only group.
    const inner = nodes(children, 'inner')[0];
    if (!inner || tokens(children, 'RightParen').length === 0) return undefined;
    return this.expression(inner);
  }

  private nameOrCall(node: CstNode, span: Span): Expression | undefined {
    const children = node.children as Children;
    const name = this.name(tokens(children, 'name')[0]);
    if (!name) return undefined;
    if (tokens(children, 'LeftParen').length === 0) return { kind: 'name', name, span };
    if (tokens(children, 'RightParen').length === 0) return undefined;

    const args: Expression[] = [];
    const namedArgs: NamedArgument[] = [];
    for (const argumentNode of nodes(children, 'args')) {
      const argumentChildren = argumentNode.children as Children;
      const valueNode = nodes(argumentChildren, 'value')[0];
      const value = valueNode ? this.expression(valueNode) : undefined;
      if (!value) return undefined;
      const argumentName = this.name(tokens(argumentChildren, 'argumentName')[0]);
      if (argumentName) namedArgs.push({ name: argumentName, value });
      else args.push(value);
    }
    return { kind: 'call', callee: name, args, namedArgs, span };
  }

  private ifExpression(node: CstNode, span: Span): Expression | undefined {
    const children = node.children as Children;
    const part = (label: string) => {
      const child = nodes(children, label)[0];
      return child ? this.expression(child) : undefined;
    };
    const condition = part('condition');
    const then = part('then');
    const otherwise = part('otherwise');
    if (!condition || !then || !otherwise) return undefined;
    return { kind: 'if', condition, then, otherwise, span };
  }

  private caseExpression(node: CstNode, span: Span): Expression | undefined {
    const children = node.children as Children;
    if (tokens(children, 'EndKeyword').length === 0) return undefined;
    const subjectNode = nodes(children, 'subject')[0];
    const subject = subjectNode ? this.expression(subjectNode) : undefined;
    if (subjectNode && !subject) return undefined;
    const otherwiseNode = nodes(children, 'otherwise')[0];
    const otherwise = otherwiseNode ? this.expression(otherwiseNode) : undefined;
    if (otherwiseNode && !otherwise) return undefined;

    const branches: CaseBranch[] = [];
    for (const branchNode of nodes(children, 'branches')) {
      const branchChildren = branchNode.children as Children;
      const whenNode = nodes(branchChildren, 'when')[0];
      const thenNode = nodes(branchChildren, 'then')[0];
      const when = whenNode ? this.expression(whenNode) : undefined;
      const then = thenNode ? this.expression(thenNode) : undefined;
      if (!when || !then) return undefined;
      branches.push({ when, then });
    }
    return { kind: 'case', subject, branches, otherwise, span };
  }

  private literal(node: CstNode): Literal | undefined {
    const children = node.children as Children;
    const token = tokenRange(node)?.first;
    if (!token) return undefined;
    const span = tokenSpan(this.file, token);
    if (tokens(children, 'StringLiteral').length > 0) return { kind: 'string', value: unquote(token.image), span };
    if (tokens(children, 'NumberLiteral').length > 0) {
      return { kind: 'number', value: Number(token.image), text: token.image, span };
    }
    if (tokens(children, 'TrueKeyword').length > 0) return { kind: 'boolean', value: true, span };
    if (tokens(children, 'FalseKeyword').length > 0) return { kind: 'boolean', value: false, span };
    return { kind: 'null', span };
  }

  private valueMapDeclaration(node: CstNode): ValueMapDeclaration | undefined {
    const children = node.children as Children;
    const name = this.name(tokens(children, 'name')[0]);
    const targetModel = this.name(tokens(children, 'targetModel')[0]);
    const span = nodeSpan(this.file, node);
    if (!name || !span || tokens(children, 'RightBrace').length === 0) return undefined;

    const entries: ValueMapEntry[] = [];
    for (const entryNode of nodes(children, 'valueMapEntry')) {
      const entry = this.valueMapEntry(entryNode);
      if (entry) entries.push(entry);
    }
    return { kind: 'values', name, targetModel, entries, span };
  }

  /** `error` or `pass` after `else =>`; anything else there is reported and dropped. */
  private fallback(token: IToken, isElse: boolean): ValueMapFallback | undefined {
    const span = tokenSpan(this.file, token);
    if (isElse && (token.image === 'error' || token.image === 'pass')) return { kind: token.image, span };
    this.diagnostics.push({
      code: 'PM102',
      severity: 'error',
      message: isElse
        ? `expected a literal, error or pass after else =>, found '${token.image}'`
        : `expected a literal after =>, found '${token.image}'`,
      span,
      hint: isElse
        ? 'else => "value" maps every other value; else => error rejects the record; else => pass keeps the source value'
        : 'a value map entry maps a literal to a literal: "Open" => "Qualified"; write names of Odoo records as strings',
    });
    return undefined;
  }

  private valueMapEntry(node: CstNode): ValueMapEntry | undefined {
    const children = node.children as Children;
    const fromNode = nodes(children, 'from')[0];
    const toNode = nodes(children, 'to')[0];
    const isElse = tokens(children, 'ElseKeyword').length > 0;
    const span = nodeSpan(this.file, node);
    const toKeyword = tokens(children, 'toKeyword')[0];
    const markToken = tokens(children, 'unconfirmed')[0];
    const mark = markToken ? tokenSpan(this.file, markToken) : undefined;
    let to: Literal | ValueMapFallback | undefined;
    if (toNode) to = this.literal(toNode);
    else if (toKeyword) to = this.fallback(toKeyword, isElse);
    else if (mark) to = { kind: 'null', span: mark };
    if (!to || !span) return undefined;
    const unconfirmed = mark ? { unconfirmed: { span: mark, missing: !toNode } } : {};
    if (isElse) return { from: undefined, to, span, ...unconfirmed };
    const from = fromNode ? this.literal(fromNode) : undefined;
    return from ? { from, to, span, ...unconfirmed } : undefined;
  }
}

/** Decodes a string literal's escapes (`\"`, `\\`, `\n`, `\t`); other escaped characters stand for themselves. */
export function unquote(image: string): string {
  const body = image.slice(1, -1);
  return body.replace(/\\(.)/g, (_match, character: string) => {
    if (character === 'n') return '\n';
    if (character === 't') return '\t';
    return character;
  });
}
