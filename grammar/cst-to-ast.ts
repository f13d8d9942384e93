import type { CstNode, IToken } from 'chevrotain';
import type { Span } from '../compiler/diagnostic.js';
import type {
  Assignment, Declaration, Expression, Literal, Name, ObjectDeclaration, ValueMapDeclaration, ValueMapEntry,
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
    const children = node.children as Children;
    const span = nodeSpan(this.file, node);
    if (!span) return undefined;

    const literalNode = nodes(children, 'literal')[0];
    if (literalNode) {
      const literal = this.literal(literalNode);
      return literal ? { kind: 'literal', literal, span } : undefined;
    }

    const callNode = nodes(children, 'nameOrCall')[0];
    if (!callNode) return undefined;
    const callChildren = callNode.children as Children;
    const name = this.name(tokens(callChildren, 'name')[0]);
    if (!name) return undefined;
    if (tokens(callChildren, 'LeftParen').length === 0) return { kind: 'name', name, span };

    if (tokens(callChildren, 'RightParen').length === 0) return undefined;
    const args: Expression[] = [];
    for (const argumentNode of nodes(callChildren, 'args')) {
      const argument = this.expression(argumentNode);
      if (!argument) return undefined;
      args.push(argument);
    }
    return { kind: 'call', callee: name, args, span };
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

  private valueMapEntry(node: CstNode): ValueMapEntry | undefined {
    const children = node.children as Children;
    const fromNode = nodes(children, 'from')[0];
    const toNode = nodes(children, 'to')[0];
    const isElse = tokens(children, 'ElseKeyword').length > 0;
    const span = nodeSpan(this.file, node);
    const to = toNode ? this.literal(toNode) : undefined;
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
