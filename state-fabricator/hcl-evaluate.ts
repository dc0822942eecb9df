/**
 * Evaluates parsed HCL expressions (hcl-parse.ts) to plain values, with references resolved by the
 * caller: `var.x`, `local.x`, `each.key`, `count.index` and `<type>.<name>` of a resource. A reference the
 * scope cannot answer, or a function outside hcl-functions.ts, is an EvaluationError naming it.
 */
import { callFunction } from './hcl-functions';
import type { Node, Step } from './hcl-parse';
import { describe, EvaluationError, templateString, toNumber, truthy, type Value } from './hcl-values';

export { EvaluationError, type Value } from './hcl-values';

export interface Scope {
  /** `var.<name>` */
  variable(name: string): Value;
  /** `local.<name>` */
  local(name: string): Value;
  /** `<type>.<name>`: the instance object, a map of instances (for_each) or a list (count). */
  resource(type: string, name: string): Value;
  /** `each` inside a for_each resource: `{ key, value }`. */
  readonly each?: { readonly key: string; readonly value: Value };
  /** `count.index` inside a counted resource. */
  readonly countIndex?: number;
}

export function evaluate(node: Node, scope: Scope, bound: ReadonlyMap<string, Value> = new Map()): Value {
  const recurse = (child: Node, locals: ReadonlyMap<string, Value> = bound): Value => evaluate(child, scope, locals);
  switch (node.kind) {
    case 'literal':
      return node.value as Value;
    case 'template':
      return node.parts.map((part) => (typeof part === 'string' ? part : templateString(recurse(part)))).join('');
    case 'variable': {
      if (bound.has(node.name)) return bound.get(node.name) as Value;
      if (node.name === 'each' && scope.each) return { key: scope.each.key, value: scope.each.value };
      if (node.name === 'count' && scope.countIndex !== undefined) return { index: scope.countIndex };
      throw new EvaluationError(`cannot evaluate the reference ${node.name} on its own`);
    }
    case 'attribute': {
      const target = node.target;
      if (target.kind === 'variable' && !bound.has(target.name)) {
        const root = rootReference(target.name, node.name, scope);
        if (root !== undefined) return root.value;
      }
      return getAttribute(recurse(target), node.name);
    }
    case 'index':
      return getIndex(recurse(node.target), recurse(node.key));
    case 'splat': {
      const target = recurse(node.target);
      // A splat of a single non-list value is a list of that value; of null, an empty list.
      const items = Array.isArray(target) ? target : target === null ? [] : [target];
      return items.map((item) => node.each.reduce<Value>((value, step) => applyStep(value, step, scope, bound), item));
    }
    case 'call': {
      const args = node.args.map((arg) => recurse(arg));
      if (node.expand) {
        const last = args.pop();
        if (!Array.isArray(last)) throw new EvaluationError(`${node.name}(…): the argument expanded with ... is not a list`);
        args.push(...last);
      }
      return callFunction(node.name, args);
    }
    case 'tuple':
      return node.items.map((item) => recurse(item));
    case 'object': {
      const out: { [key: string]: Value } = {};
      for (const entry of node.entries) out[keyString(recurse(entry.key))] = recurse(entry.value);
      return out;
    }
    case 'for':
      return forExpression(node, scope, bound);
    case 'unary': {
      const operand = recurse(node.operand);
      if (node.op === '!') return !truthy(operand);
      return -toNumber(operand);
    }
    case 'binary':
      return binary(node.op, () => recurse(node.left), () => recurse(node.right));
    case 'conditional':
      return truthy(recurse(node.condition)) ? recurse(node.then) : recurse(node.otherwise);
  }
}

function rootReference(root: string, name: string, scope: Scope): { value: Value } | undefined {
  switch (root) {
    case 'var':
      return { value: scope.variable(name) };
    case 'local':
      return { value: scope.local(name) };
    case 'each':
      if (!scope.each) throw new EvaluationError('each is only available in a resource with for_each');
      if (name !== 'key' && name !== 'value') throw new EvaluationError(`each.${name} does not exist`);
      return { value: name === 'key' ? scope.each.key : scope.each.value };
    case 'count':
      if (scope.countIndex === undefined) throw new EvaluationError('count is only available in a resource with count');
      return { value: scope.countIndex };
    case 'terraform':
      if (name === 'workspace') return { value: 'default' };
      throw new EvaluationError(`terraform.${name} is not supported`);
    case 'path':
      return { value: '.' };
    case 'data':
      throw new EvaluationError(`data.${name}: data sources are read from AWS, so a state cannot be fabricated for them`);
    case 'module':
      throw new EvaluationError(`module.${name}: modules are not supported`);
    default:
      if (root.includes('_')) return { value: scope.resource(root, name) };
      return undefined;
  }
}

function applyStep(value: Value, step: Step, scope: Scope, bound: ReadonlyMap<string, Value>): Value {
  return step.kind === 'attribute' ? getAttribute(value, step.name) : getIndex(value, evaluate(step.key, scope, bound));
}

function getAttribute(value: Value, name: string): Value {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if (!(name in value)) throw new EvaluationError(`no attribute ${name} (has ${Object.keys(value).slice(0, 8).join(', ')})`);
    return value[name];
  }
  throw new EvaluationError(`cannot read .${name} of ${describe(value)}`);
}

function getIndex(value: Value, key: Value): Value {
  if (Array.isArray(value)) {
    const index = toNumber(key);
    if (!Number.isInteger(index) || index < 0 || index >= value.length) throw new EvaluationError(`index ${index} is out of range (length ${value.length})`);
    return value[index];
  }
  if (value !== null && typeof value === 'object') {
    const name = keyString(key);
    if (!(name in value)) throw new EvaluationError(`no key ${JSON.stringify(name)}`);
    return value[name];
  }
  throw new EvaluationError(`cannot index ${describe(value)}`);
}

function forExpression(node: Extract<Node, { kind: 'for' }>, scope: Scope, bound: ReadonlyMap<string, Value>): Value {
  const collection = evaluate(node.collection, scope, bound);
  const pairs: [Value, Value][] = Array.isArray(collection)
    ? collection.map((item, index) => [index, item])
    : collection !== null && typeof collection === 'object'
      ? Object.keys(collection)
          .sort()
          .map((key) => [key, collection[key]])
      : (() => {
          throw new EvaluationError(`for: cannot iterate over ${describe(collection)}`);
        })();
  const list: Value[] = [];
  const object: { [key: string]: Value } = {};
  for (const [key, value] of pairs) {
    const locals = new Map(bound);
    if (node.keyVar) locals.set(node.keyVar, key);
    locals.set(node.valueVar, value);
    if (node.condition && !truthy(evaluate(node.condition, scope, locals))) continue;
    const item = evaluate(node.value, scope, locals);
    if (!node.object) {
      list.push(item);
      continue;
    }
    const name = keyString(evaluate(node.key as Node, scope, locals));
    if (node.grouping) {
      const group = (object[name] ?? []) as Value[];
      group.push(item);
      object[name] = group;
    } else {
      if (name in object) throw new EvaluationError(`for: duplicate key ${JSON.stringify(name)} (use ... to group)`);
      object[name] = item;
    }
  }
  return node.object ? object : list;
}

function binary(op: string, left: () => Value, right: () => Value): Value {
  switch (op) {
    case '&&':
      return truthy(left()) && truthy(right());
    case '||':
      return truthy(left()) || truthy(right());
    case '==':
      return JSON.stringify(left()) === JSON.stringify(right());
    case '!=':
      return JSON.stringify(left()) !== JSON.stringify(right());
  }
  const a = toNumber(left());
  const b = toNumber(right());
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    default:
      throw new EvaluationError(`operator ${op} is not supported`);
  }
}

function keyString(value: Value): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return templateString(value);
  throw new EvaluationError(`an object key must be a string, got ${describe(value)}`);
}
