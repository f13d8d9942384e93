import type { CstNode, IToken } from 'chevrotain';
import type { Diagnostic, Span } from '../compiler/diagnostic.js';
import type {
  Assignment, BinaryOperator, CaseBranch, Declaration, Expression, Literal, NamedArgument, Name, ObjectDeclaration,
  ValueMapDeclaration, ValueMapEntry, ValueMapFallback,
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

/** Every real token under a node, in source order, to compute a node's span. */
function allTokens(node: CstNode): IToken[] {
  const found: IToken[] = [];
  for (const children of Object.values(node.children)) {
    for (const child of children ?? []) {
      if ('children' in child) found.push(...allTokens(child));
      else if (!isInserted(child)) found.push(child);
    }
  }
  return found.sort((a, b) => a.startOffset - b.startOffset);
}

function nodeSpan(file: string, node: CstNode): Span | undefined {
  const all = allTokens(node);
  const first = all[0];
  const last = all[all.length - 1];
  if (!first || !last) return undefined;
  return joinSpans(tokenSpan(file, first), tokenSpan(file, last));
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
    return { kind: 'object', name, table, key, model, assignments, span };
  }

  private assignment(node: CstNode): Assignment | undefined {
    const children = node.children as Children;
    const field = this.name(tokens(children, 'field')[0]);
    const expressionNode = nodes(children, 'expression')[0];
    const value = expressionNode ? this.expression(expressionNode) : undefined;
    const span = nodeSpan(this.file, node);
    if (!field || !value || !span) return undefined;
    return { kind: 'assignment', field, value, span };
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
    const token = allTokens(node)[0];
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
    const to = toNode ? this.literal(toNode) : toKeyword ? this.fallback(toKeyword, isElse) : undefined;
    if (!to || !span) return undefined;
    if (isElse) return { from: undefined, to, span };
    const from = fromNode ? this.literal(fromNode) : undefined;
    return from ? { from, to, span } : undefined;
  }
}

/** Decodes a string literal's escapes (`\"`, `\\`, `\n`, `\t`); other escaped characters stand for themselves. */
function unquote(image: string): string {
  const body = image.slice(1, -1);
  return body.replace(/\\(.)/g, (_match, character: string) => {
    if (character === 'n') return '\n';
    if (character === 't') return '\t';
    return character;
  });
}
