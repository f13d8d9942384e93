// Binds positional and keyword arguments to a Python signature the way the
// interpreter does, with the TypeError texts of Python 3.11.

import { typeError } from '../faults.js';

export interface PythonParameter {
  name: string;
  /** Present when the parameter is optional. */
  default?: unknown;
}

export interface PythonSignature {
  /** Name printed in errors, e.g. `BaseModel.search`. */
  qualifiedName: string;
  parameters: readonly PythonParameter[];
  /** Whether the function is a method: Python then counts `self` among the positional arguments. */
  isMethod: boolean;
  /** Whether the function ends in `**kwargs`. */
  acceptsExtraKeywords?: boolean;
}

export interface BoundArguments {
  values: Record<string, unknown>;
  extraKeywords: Record<string, unknown>;
}

/** Binds arguments to a signature; raises Python's TypeError when they do not fit. */
export function bindArguments(
  signature: PythonSignature,
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
): BoundArguments {
  const name = `${signature.qualifiedName}()`;
  const parameters = signature.parameters;
  const selfCount = signature.isMethod ? 1 : 0;

  if (args.length > parameters.length) {
    throw typeError(`${name} ${describeArity(signature)} but ${args.length + selfCount} ${
      args.length + selfCount === 1 ? 'was' : 'were'
    } given`);
  }

  const values: Record<string, unknown> = {};
  args.forEach((value, index) => {
    const parameter = parameters[index];
    if (parameter) values[parameter.name] = value;
  });

  const extraKeywords: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(kwargs)) {
    const known = parameters.some((parameter) => parameter.name === key);
    if (!known) {
      if (!signature.acceptsExtraKeywords) throw typeError(`${name} got an unexpected keyword argument '${key}'`);
      extraKeywords[key] = value;
      continue;
    }
    if (key in values) throw typeError(`${name} got multiple values for argument '${key}'`);
    values[key] = value;
  }

  const missing = parameters.filter((parameter) => !('default' in parameter) && !(parameter.name in values));
  if (missing.length > 0) {
    const names = missing.map((parameter) => `'${parameter.name}'`);
    const plural = missing.length === 1 ? 'argument' : 'arguments';
    throw typeError(`${name} missing ${missing.length} required positional ${plural}: ${joinNames(names)}`);
  }

  for (const parameter of parameters) {
    if (!(parameter.name in values)) values[parameter.name] = parameter.default;
  }
  return { values, extraKeywords };
}

function describeArity(signature: PythonSignature): string {
  const selfCount = signature.isMethod ? 1 : 0;
  const maximum = signature.parameters.length + selfCount;
  const minimum = signature.parameters.filter((parameter) => !('default' in parameter)).length + selfCount;
  if (minimum === maximum) return `takes ${maximum} positional argument${maximum === 1 ? '' : 's'}`;
  return `takes from ${minimum} to ${maximum} positional arguments`;
}

function joinNames(names: readonly string[]): string {
  if (names.length === 1) return names[0] ?? '';
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names.slice(0, -1).join(', ')}, and ${names[names.length - 1]}`;
}
