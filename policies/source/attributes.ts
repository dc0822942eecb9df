/**
 * From evaluated config values to the model's `AttrValue`s with Terraform spelling, and the escape hatches
 * (`addOverride`, `putX`, `resetX`, property assignment) that change what a rule sees.
 */
import { AttrValue, Location, OneOf, ResourceRef, Unresolved } from '../model';
import { ProviderModuleInfo, snakeCase } from './provider-modules';
import { ExternalVal, InstanceVal, isPlainObject, UNDEFINED, unknownKeysOf, Val, valueKey } from './values';

type Attributes = { [key: string]: AttrValue };

/** The Terraform name of a config key: the provider's own spelling, else the generator's rule. */
export function terraformName(key: string, module: ProviderModuleInfo | undefined): { name: string; isMap: boolean } {
  const spelling = module?.attributes.get(key);
  if (spelling) return { name: spelling.snake, isMap: spelling.isMap };
  return { name: /^[A-Za-z][A-Za-z0-9]*$/.test(key) ? snakeCase(key) : key, isMap: false };
}

/**
 * Convert an evaluated value. Object keys are converted to Terraform names unless `keepKeys` (free-form maps,
 * values written in Terraform spelling for `addOverride`). Undefined properties are dropped; undefined
 * inside arrays and `OneOf` becomes `null` (Terraform's "not set").
 */
export function toAttrValue(v: Val, module: ProviderModuleInfo | undefined, keepKeys: boolean, at: Location): AttrValue {
  if (v === UNDEFINED) return null;
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Unresolved || v instanceof ResourceRef) return v;
  if (v instanceof OneOf) {
    const seen = new Set<string>();
    const options: AttrValue[] = [];
    for (const o of v.options) {
      const c = toAttrValue(o as Val, module, keepKeys, at);
      const k = valueKey(c);
      if (!seen.has(k)) {
        seen.add(k);
        options.push(c);
      }
    }
    return options.length === 1 ? options[0] : new OneOf(options);
  }
  if (Array.isArray(v)) return v.map((x) => toAttrValue(x, module, keepKeys, at));
  if (isPlainObject(v)) {
    const rest = unknownKeysOf(v);
    if (rest) return rest.whole;
    return convertObject(v, module, keepKeys, at);
  }
  if (v instanceof ExternalVal) return v.unresolved;
  if (v instanceof InstanceVal) return new Unresolved(v.newExpr ? v.newExpr.getText().slice(0, 200) : 'this', at);
  return new Unresolved(`<${(v as object).constructor.name}>`, at);
}

/** The written-out keys of an object (also of one with unknown keys), converted. */
function convertObject(v: { [key: string]: Val }, module: ProviderModuleInfo | undefined, keepKeys: boolean, at: Location): Attributes {
  const out: Attributes = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === UNDEFINED) continue;
    if (keepKeys) {
      out[k] = toAttrValue(x, module, true, at);
      continue;
    }
    const { name, isMap } = terraformName(k, module);
    out[name] = toAttrValue(x, module, isMap, at);
  }
  return out;
}

/** The top-level attributes of a resource from its evaluated config (a `OneOf` of configs is split per key). */
export function toAttributes(config: Val, module: ProviderModuleInfo | undefined, at: Location): Attributes {
  // A config with a spread the layer cannot see into keeps its written-out attributes.
  const converted = isPlainObject(config) ? convertObject(config, module, false, at) : toAttrValue(config, module, false, at);
  if (isPlainObject(converted)) return { ...(converted as Attributes) };
  if (converted instanceof OneOf && converted.options.every((o) => isPlainObject(o))) {
    const objects = converted.options as Attributes[];
    const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))];
    const out: Attributes = {};
    for (const k of keys) {
      const values = objects.map((o) => (k in o ? o[k] : null));
      out[k] = values.every((x) => valueKey(x) === valueKey(values[0])) ? values[0] : new OneOf(values);
    }
    return out;
  }
  return {};
}

/**
 * `resource.addOverride('a.b.0.c', value)`: set (or with `undefined`, delete) a value at a Terraform path.
 * Numeric segments index into lists; an object value is merged into an existing object, as cdktf does.
 */
export function applyOverride(attributes: Attributes, pathText: string, value: AttrValue | undefined): void {
  const segments = pathText.split('.');
  let container: { [key: string]: AttrValue } | AttrValue[] = attributes;
  for (let i = 0; i < segments.length - 1; i++) {
    const seg = segments[i];
    const current: AttrValue | undefined = Array.isArray(container) ? container[Number(seg)] : container[seg];
    let next: AttrValue;
    if (Array.isArray(current) || isPlainObject(current)) next = current;
    else {
      next = {};
      setAt(container, seg, next);
    }
    container = next as { [key: string]: AttrValue } | AttrValue[];
  }
  const last = segments[segments.length - 1];
  if (value === undefined) {
    if (Array.isArray(container)) container.splice(Number(last), 1);
    else delete container[last];
    return;
  }
  const existing = Array.isArray(container) ? container[Number(last)] : container[last];
  setAt(container, last, isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing as Attributes, value as Attributes) : value);
}

function setAt(container: { [key: string]: AttrValue } | AttrValue[], seg: string, value: AttrValue): void {
  if (Array.isArray(container) && /^\d+$/.test(seg)) container[Number(seg)] = value;
  else (container as { [key: string]: AttrValue })[seg] = value;
}

function deepMerge(a: Attributes, b: Attributes): Attributes {
  const out: Attributes = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = isPlainObject(out[k]) && isPlainObject(v) ? deepMerge(out[k] as Attributes, v as Attributes) : v;
  }
  return out;
}

/** A deep copy of attributes (so overrides never alias values shared between resources). */
export function cloneAttributes(a: Attributes): Attributes {
  const clone = (v: AttrValue): AttrValue => (Array.isArray(v) ? v.map(clone) : isPlainObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x as AttrValue)])) : v);
  return clone(a) as Attributes;
}
