import type { Expression, Literal } from '../grammar/ast.js';

/**
 * Binding strength of each expression form, loosest first, as the parser
 * reads them: `or`, `and`, `not`, a comparison or null test, and primaries
 * (literals, names, calls, `if`, `case`, parenthesised expressions).
 */
const enum Precedence {
  Or = 1,
  And = 2,
  Not = 3,
  Comparison = 4,
  Primary = 5,
}

/**
 * Prints an expression in canonical form on one line, with the fewest
 * parentheses that make the parser read back the same tree.
 */
export function printExpression(expression: Expression): string {
  return print(expression, Precedence.Or, false);
}

/** Prints a literal: strings re-escaped, numbers as they were written. */
export function printLiteral(literal: Literal): string {
  switch (literal.kind) {
    case 'string':
      return quoteString(literal.value);
    case 'number':
      return literal.text;
    case 'boolean':
      return literal.value ? 'true' : 'false';
    case 'null':
      return 'null';
    default:
      return unhandled(literal);
  }
}

/** Writes a string literal with the language's escapes: `\"`, `\\`, `\n` and `\t`. */
export function quoteString(value: string): string {
  const escaped = value.replace(/[\\"\n\t]/g, (character) => {
    if (character === '\n') return '\\n';
    if (character === '\t') return '\\t';
    return `\\${character}`;
  });
  return `"${escaped}"`;
}

/**
 * Prints a number that the grammar stores as a value only (batch sizes,
 * `length` and `in` bounds) without an exponent, which the lexer would not read.
 */
export function printNumber(value: number): string {
  if (Number.isInteger(value)) return BigInt(value).toString();
  const text = String(value);
  return text.includes('e') ? value.toFixed(20).replace(/0+$/, '') : text;
}

/**
 * `minimum` is the loosest form that may stand here without parentheses.
 * `followed` tells whether an operator (`or`, `and`, a comparison or `is`)
 * comes after this expression in its parent: an `if` there needs
 * parentheses, because its `else` branch would take that operator in.
 */
function print(expression: Expression, minimum: Precedence, followed: boolean): string {
  const precedence = precedenceOf(expression);
  const needsParentheses = precedence < minimum || (expression.kind === 'if' && followed);
  if (needsParentheses) return `(${printBare(expression, false)})`;
  return printBare(expression, followed);
}

function printBare(expression: Expression, followed: boolean): string {
  switch (expression.kind) {
    case 'literal':
      return printLiteral(expression.literal);
    case 'name':
      return expression.name.text;
    case 'call': {
      const positional = expression.args.map((argument) => printExpression(argument));
      const named = expression.namedArgs.map((argument) => `${argument.name.text}: ${printExpression(argument.value)}`);
      return `${expression.callee.text}(${[...positional, ...named].join(', ')})`;
    }
    case 'binary': {
      if (expression.operator === 'or' || expression.operator === 'and') {
        const level = expression.operator === 'or' ? Precedence.Or : Precedence.And;
        // The chain is left-nested, so the left side may be the same operator; the right side may not.
        const left = print(expression.left, level, true);
        const right = print(expression.right, level + 1, followed);
        return `${left} ${expression.operator} ${right}`;
      }
      const left = print(expression.left, Precedence.Primary, true);
      const right = print(expression.right, Precedence.Primary, followed);
      return `${left} ${expression.operator} ${right}`;
    }
    case 'not':
      return `not ${print(expression.operand, Precedence.Not, followed)}`;
    case 'isNull':
      return `${print(expression.operand, Precedence.Primary, true)} is ${expression.negated ? 'not null' : 'null'}`;
    case 'if': {
      const condition = printExpression(expression.condition);
      const then = printExpression(expression.then);
      const otherwise = print(expression.otherwise, Precedence.Or, followed);
      return `if ${condition} then ${then} else ${otherwise}`;
    }
    case 'case': {
      const parts = ['case'];
      if (expression.subject) parts.push(printExpression(expression.subject));
      for (const branch of expression.branches) parts.push(`when ${printExpression(branch.when)} then ${printExpression(branch.then)}`);
      if (expression.otherwise) parts.push(`else ${printExpression(expression.otherwise)}`);
      parts.push('end');
      return parts.join(' ');
    }
    default:
      return unhandled(expression);
  }
}

function precedenceOf(expression: Expression): Precedence {
  switch (expression.kind) {
    case 'binary':
      if (expression.operator === 'or') return Precedence.Or;
      if (expression.operator === 'and') return Precedence.And;
      return Precedence.Comparison;
    case 'not':
      return Precedence.Not;
    case 'isNull':
      return Precedence.Comparison;
    case 'literal':
    case 'name':
    case 'call':
    case 'if':
    case 'case':
      return Precedence.Primary;
    default:
      return unhandled(expression);
  }
}

/** Compile-time guard: adding an AST kind without printing it is a type error here. */
export function unhandled(value: never): never {
  throw new Error(`the formatter has no layout for ${JSON.stringify(value)}`);
}
