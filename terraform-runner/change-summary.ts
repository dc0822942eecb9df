/**
 * What a plan against a baseline would do, resource by resource: creates, in-place updates (with the
 * attributes that change), deletes and replacements (with the attributes that force them, and whether
 * the new one is created before the old one is destroyed). Pure: reads `terraform show -json` output.
 */
import type { PlanJson, PlanResourceChange } from './plan-against-state';

export type ChangeKind = 'create' | 'update' | 'delete' | 'replace' | 'forget';

export interface ResourceChangeLine {
  readonly address: string;
  readonly kind: ChangeKind;
  /** update: the attributes that change; replace: the attributes that force the replacement. */
  readonly attributes: readonly string[];
  /** replace: the new object is created before the old one is destroyed. */
  readonly createBeforeDestroy?: boolean;
  /** cdktf construct path (`prod/service/service`), when known. */
  readonly constructPath?: string;
}

export interface ChangeSummary {
  readonly creates: number;
  readonly updates: number;
  readonly deletes: number;
  readonly replacements: number;
  /** Outputs whose value changes. */
  readonly outputs: readonly string[];
  readonly lines: readonly ResourceChangeLine[];
}

/** `constructPathOf(address)`: the cdktf construct path of a resource (current synth, else baseline). */
export function summarizeChanges(plan: PlanJson, constructPathOf: (address: string) => string | undefined = () => undefined): ChangeSummary {
  const lines: ResourceChangeLine[] = [];
  for (const change of plan.resource_changes ?? []) {
    if (change.mode === 'data') continue;
    const kind = kindOf(change.change.actions);
    if (!kind) continue;
    const constructPath = constructPathOf(change.address);
    const attributes = kind === 'update' ? changedAttributes(change) : kind === 'replace' ? (change.change.replace_paths ?? []).map((path) => path.join('.')) : [];
    lines.push({
      address: change.address,
      kind,
      attributes,
      ...(kind === 'replace' ? { createBeforeDestroy: change.change.actions[0] === 'create' } : {}),
      ...(constructPath ? { constructPath } : {}),
    });
  }
  const count = (kind: ChangeKind): number => lines.filter((line) => line.kind === kind).length;
  const outputs = Object.entries(plan.output_changes ?? {})
    .filter(([, change]) => (change.actions ?? []).some((action) => action !== 'no-op'))
    .map(([name]) => name)
    .sort();
  return { creates: count('create'), updates: count('update'), deletes: count('delete'), replacements: count('replace'), outputs, lines };
}

function kindOf(actions: readonly string[]): ChangeKind | undefined {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('create')) return 'create';
  if (actions.includes('delete')) return 'delete';
  if (actions.includes('update')) return 'update';
  if (actions.includes('forget')) return 'forget';
  return undefined;
}

/** Top-level attributes whose value differs, or that become known only after apply. */
function changedAttributes(change: PlanResourceChange): string[] {
  const before = asObject(change.change.before) ?? {};
  const after = asObject(change.change.after) ?? {};
  const unknown = asObject(change.change.after_unknown) ?? {};
  const names = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  return [...names]
    .filter((name) => unknown[name] === true || (name in after && JSON.stringify(before[name] ?? null) !== JSON.stringify(after[name] ?? null)))
    .filter((name) => name !== 'tags_all' || !names.has('tags') || JSON.stringify(before.tags ?? null) === JSON.stringify(after.tags ?? null))
    .sort();
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const SYMBOL: { readonly [kind in ChangeKind]: string } = { create: '+', update: '~', delete: '-', replace: '±', forget: '.' };

/** `+2 ~1 -0 ±1` (creates, updates, deletes, replacements), or `no changes`. */
export function formatChangeCounts(summary: ChangeSummary): string {
  if (summary.lines.length === 0) return summary.outputs.length > 0 ? `no resource changes, ${summary.outputs.length} output(s)` : 'no changes';
  return `+${summary.creates} ~${summary.updates} -${summary.deletes} ±${summary.replacements}`;
}

/** One line per resource change, deletes and replacements first (they are the ones to read before an apply). */
export function formatChangeLines(stack: string, summary: ChangeSummary): string[] {
  const order: ChangeKind[] = ['delete', 'replace', 'update', 'create', 'forget'];
  const lines = [...summary.lines].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.address.localeCompare(b.address));
  return lines.map((line) => {
    const where = line.constructPath ? ` (${line.constructPath})` : '';
    const detail =
      line.kind === 'replace'
        ? `: replaced, ${line.createBeforeDestroy ? 'the new one created before the old one is destroyed' : 'destroyed before the new one is created'}${line.attributes.length ? `; forced by ${line.attributes.join(', ')}` : ''}`
        : line.kind === 'update'
          ? `: ${line.attributes.join(', ')}`
          : line.kind === 'delete'
            ? ': deleted'
            : line.kind === 'forget'
              ? ': no longer managed (not destroyed)'
              : '';
    return `${stack}  ${SYMBOL[line.kind]} ${line.address}${where}${detail}`;
  });
}
