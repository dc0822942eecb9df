/** Terraform reference syntax shared by the synth and plan layers. */
import { ResourceRef } from './model';

/** Names that are not resource types when they start a reference. */
export const NOT_RESOURCES = new Set(['var', 'local', 'module', 'each', 'count', 'path', 'terraform', 'self', 'data']);

const REFERENCE = /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\])?(?:\.(.+))?$/;

/** `type.name.attr` or `data.type.name.attr` as a ResourceRef; undefined for anything else. */
export function parseReference(expression: string): ResourceRef | undefined {
  const match = REFERENCE.exec(expression.trim());
  if (!match) return undefined;
  const [, data, type, name, attribute] = match;
  if (!data && NOT_RESOURCES.has(type)) return undefined;
  return new ResourceRef(data ? `data.${type}.${name}` : `${type}.${name}`, attribute ?? '');
}

/** A string that is exactly one interpolation of a resource reference (`${aws_lb.main.arn}`) as a ResourceRef. */
export function interpolatedReference(value: string): ResourceRef | undefined {
  const whole = /^\$\{([^{}]+)\}$/.exec(value);
  return whole ? parseReference(whole[1]) : undefined;
}
