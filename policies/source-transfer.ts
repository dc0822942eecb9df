/**
 * The source analysis as plain JSON and back: results cross the worker-thread boundary as tagged JSON
 * (`serializeAnalysis` / `reviveAnalysis`), because structured clone drops the model's classes.
 */
import { OneOf, ResourceRef, Unresolved, type AttrValue } from './model';
import type { SourceAnalysis } from './types';

type Tagged = unknown;

function serializeValue(value: AttrValue): Tagged {
  if (value instanceof Unresolved) return { $policy: 'Unresolved', expression: value.expression, location: value.location };
  if (value instanceof ResourceRef) return { $policy: 'ResourceRef', targetKey: value.targetKey, attribute: value.attribute };
  if (value instanceof OneOf) return { $policy: 'OneOf', options: value.options.map(serializeValue) };
  if (Array.isArray(value)) return value.map(serializeValue);
  if (typeof value === 'object' && value !== null) {
    const out: { [key: string]: Tagged } = {};
    for (const [key, item] of Object.entries(value)) out[key] = serializeValue(item);
    return { $policy: 'Object', entries: out };
  }
  return value;
}

function reviveValue(value: Tagged): AttrValue {
  if (Array.isArray(value)) return value.map(reviveValue);
  if (typeof value === 'object' && value !== null) {
    const tagged = value as { $policy: string; [key: string]: unknown };
    switch (tagged.$policy) {
      case 'Unresolved':
        return new Unresolved(tagged.expression as string, tagged.location as Unresolved['location']);
      case 'ResourceRef':
        return new ResourceRef(tagged.targetKey as string, tagged.attribute as string);
      case 'OneOf':
        return new OneOf((tagged.options as Tagged[]).map(reviveValue));
      default: {
        const out: { [key: string]: AttrValue } = {};
        for (const [key, item] of Object.entries(tagged.entries as { [key: string]: Tagged })) out[key] = reviveValue(item);
        return out;
      }
    }
  }
  return value as AttrValue;
}

export function serializeAnalysis(analysis: SourceAnalysis): Tagged {
  return {
    ...analysis,
    resources: analysis.resources.map((resource) => ({
      ...resource,
      attributes: serializeValue(resource.attributes as AttrValue),
      ...(resource.unknownAttributes ? { unknownAttributes: serializeValue(resource.unknownAttributes) } : {}),
    })),
  };
}

export function reviveAnalysis(data: Tagged): SourceAnalysis {
  const analysis = data as SourceAnalysis & { resources: { attributes: Tagged; unknownAttributes?: Tagged }[] };
  return {
    ...analysis,
    resources: analysis.resources.map((resource) => ({
      ...(resource as unknown as SourceAnalysis['resources'][number]),
      attributes: reviveValue(resource.attributes) as { [key: string]: AttrValue },
      ...(resource.unknownAttributes !== undefined ? { unknownAttributes: reviveValue(resource.unknownAttributes) as Unresolved } : {}),
    })),
  };
}
