/**
 * Renders the environment file reference (a Markdown table) from the zod schema, so the README can
 * never drift from what the loader accepts.
 */
import { ROOT_SCHEMA, unwrap as unwrapFor, type ZodLike } from './schema-walk';

/** Wrappers removed; a union stays a union (the table lists every option). */
const unwrap = (node: ZodLike): ZodLike => unwrapFor(node, undefined);

interface Row {
  readonly field: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
}

export function renderReferenceTable(): string {
  const rows: Row[] = [];
  walkObject(ROOT_SCHEMA, '', rows);
  const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    '| Field | Type | Required | Description and default |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| \`${row.field}\` | ${escape(row.type)} | ${row.required ? 'yes' : 'no'} | ${escape(row.description)} |`),
  ].join('\n');
}

/** Objects of a map entry that repeat a section listed above (`services.<name>.task` is `task`): one row, not every field again. */
const SECTIONS_LISTED_ABOVE = new Set(['task', 'service', 'targetGroup']);

function walkObject(node: ZodLike, prefix: string, rows: Row[], inMapEntry = false): void {
  const shape = unwrap(node).def.shape ?? {};
  for (const [key, child] of Object.entries(shape)) {
    if (key === '$schema') continue;
    const field = prefix ? `${prefix}.${key}` : key;
    const inner = unwrap(child);
    const description = (child.description ?? inner.description ?? '').trim();
    const required = !isOptional(child);
    if (inMapEntry && SECTIONS_LISTED_ABOVE.has(key)) {
      rows.push({ field, type: 'object', required, description });
    } else if (inner.def.type === 'record' && inner.def.valueType && unwrap(inner.def.valueType).def.type === 'object') {
      rows.push({ field, type: typeName(inner), required, description });
      walkObject(unwrap(inner.def.valueType), `${field}.<name>`, rows, true);
    } else if (inner.def.type === 'object') {
      rows.push({ field, type: 'object', required, description });
      walkObject(inner, field, rows, inMapEntry);
    } else if (inner.def.type === 'union' && inner.def.discriminator) {
      rows.push({ field, type: 'object', required, description });
      for (const option of inner.def.options ?? []) {
        const tag = unwrap(option).def.shape?.[inner.def.discriminator];
        const value = tag ? unwrap(tag).def.values?.[0] : undefined;
        rows.push({ field: `${field}.${inner.def.discriminator}`, type: `\`"${String(value)}"\``, required: true, description: option.description ?? '' });
        const rest: ZodLike = { ...option, def: { ...option.def, shape: withoutKey(option.def.shape ?? {}, inner.def.discriminator) } };
        walkObject(rest, `${field} (${String(value)})`, rows);
      }
    } else {
      rows.push({ field, type: typeName(inner), required, description });
    }
  }
}

function withoutKey(shape: Record<string, ZodLike>, key: string): Record<string, ZodLike> {
  const copy = { ...shape };
  delete copy[key];
  return copy;
}


function isOptional(node: ZodLike): boolean {
  return node.def.type === 'optional' || node.def.type === 'default' || node.def.type === 'prefault';
}

function typeName(node: ZodLike): string {
  switch (node.def.type) {
    case 'enum':
      return Object.keys(node.def.entries ?? {}).map((v) => `\`${v}\``).join(', ');
    case 'literal':
      return (node.def.values ?? []).map((v) => `\`${String(v)}\``).join(', ');
    case 'array':
      return `list of ${node.def.element ? typeName(unwrap(node.def.element)) : 'values'}`;
    case 'record':
      return `map of ${node.def.valueType ? typeName(unwrap(node.def.valueType)) : 'values'}`;
    default:
      return node.def.type;
  }
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceBetweenMarkers(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}
