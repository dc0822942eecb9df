/**
 * The elements of a resource's `for_each` when the synthesized JSON spells them out: a JSON list, or a
 * list or set expression of references and string literals, as cdktf writes a `TerraformIterator` over
 * a list (`"${toset([aws_security_group.alb.id])}"`). Each element comes back as synthesized JSON (a
 * reference becomes `"${…}"`), so the synth layer converts it like any value and `each.value` (and, for
 * a set, `each.key`) can take one of them. Anything else (a variable, a map, a function call) is
 * undefined: the instances are then unknown, and `each.value` stays unresolved.
 */
import { parseReference } from '../terraform-refs';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const LIST_EXPRESSION = /^\$\{\s*(?:toset|tolist)?\(?\s*\[(.*)\]\s*\)?\s*\}$/s;
const STRING_LITERAL = /^"((?:[^"\\$]|\\.)*)"$/;

export function forEachElements(forEach: Json | undefined): Json[] | undefined {
  if (Array.isArray(forEach)) return forEach.every((item) => typeof item === 'string') ? forEach : undefined;
  if (typeof forEach !== 'string') return undefined;
  const list = LIST_EXPRESSION.exec(forEach);
  if (!list) return undefined;
  const inner = list[1].trim();
  if (inner === '') return [];
  const elements: Json[] = [];
  for (const raw of inner.split(',')) {
    const element = raw.trim();
    const literal = STRING_LITERAL.exec(element);
    if (literal) elements.push(JSON.parse(`"${literal[1]}"`) as string);
    else if (parseReference(element)) elements.push(`\${${element}}`);
    else return undefined;
  }
  return elements;
}
