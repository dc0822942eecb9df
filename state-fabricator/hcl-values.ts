/** Values of evaluated HCL expressions and the conversions Terraform applies between them. */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

/** An expression the state fabricator cannot evaluate (unsupported, or wrong for its types). */
export class EvaluationError extends Error {}

export function truthy(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new EvaluationError(`expected a bool, got ${describe(value)}`);
}

export function toNumber(value: Value): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  throw new EvaluationError(`expected a number, got ${describe(value)}`);
}

/** A value inside a template, as Terraform writes it. */
export function templateString(value: Value): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberString(value);
  if (typeof value === 'boolean') return String(value);
  throw new EvaluationError(`cannot use ${describe(value)} in a string template`);
}

export function numberString(value: number): string {
  return Number.isInteger(value) ? value.toFixed(0) : String(value);
}

export function describe(value: Value): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
