/**
 * What an adoption plan does to each resource that already exists (imported by this plan, or already in
 * the state it was planned against): kept as it is, changed in place (and which attributes), replaced
 * or deleted. Read from `terraform show -json` output, so it works on an offline plan as well as on a
 * plan exported from Terraform Cloud.
 */

interface Change {
  readonly address: string;
  readonly mode?: string;
  readonly type: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: unknown;
    readonly after?: unknown;
    readonly after_unknown?: unknown;
    readonly replace_paths?: readonly (readonly (string | number)[])[];
    readonly importing?: unknown;
  };
}

export interface AdoptedResourceChange {
  readonly address: string;
  readonly type: string;
  /** `keep`, `update`, `replace` or `delete`. */
  readonly action: 'keep' | 'update' | 'replace' | 'delete';
  readonly imported: boolean;
  /** Top-level attributes whose value changes (settings only Terraform reads left out). */
  readonly attributes: readonly string[];
  /** For a replacement: the attributes that force it. */
  readonly forcedBy: readonly string[];
}

export interface AdoptionPlanSummary {
  readonly adopted: readonly AdoptedResourceChange[];
  /** Addresses of new resources the plan creates. */
  readonly created: readonly string[];
}

/** Attributes that only Terraform or the provider reads: a change there changes nothing in AWS. */
const NOT_IN_AWS = new Set(['force_delete', 'force_new_deployment', 'wait_for_steady_state', 'revoke_rules_on_delete', 'skip_destroy', 'allow_overwrite', 'triggers']);

export function summarizeAdoptionPlan(plan: { readonly resource_changes?: readonly Change[] }): AdoptionPlanSummary {
  const adopted: AdoptedResourceChange[] = [];
  const created: string[] = [];
  for (const entry of plan.resource_changes ?? []) {
    if (entry.mode === 'data') continue;
    const { actions } = entry.change;
    const imported = entry.change.importing !== undefined && entry.change.importing !== null;
    const existed = imported || (entry.change.before !== null && entry.change.before !== undefined);
    if (!existed) {
      if (actions.includes('create')) created.push(entry.address);
      continue;
    }
    const action = actions.includes('delete') ? (actions.includes('create') ? 'replace' : 'delete') : actions.includes('update') ? 'update' : 'keep';
    adopted.push({
      address: entry.address,
      type: entry.type,
      action,
      imported,
      attributes: action === 'delete' ? [] : changedAttributes(entry.change.before, entry.change.after, entry.change.after_unknown),
      forcedBy: (entry.change.replace_paths ?? []).map((path) => path.join('.')),
    });
  }
  return { adopted, created };
}

/** One line per adopted resource, e.g. `~ aws_ecr_repository.registry: image_tag_mutability, image_scanning_configuration`. */
export function formatAdoptionPlan(summary: AdoptionPlanSummary): string {
  const symbol = { keep: ' ', update: '~', replace: '!', delete: '!' } as const;
  const lines = summary.adopted.map((change) => {
    const what =
      change.action === 'replace'
        ? `REPLACED${change.forcedBy.length ? ` (forced by ${change.forcedBy.join(', ')})` : ''}`
        : change.action === 'delete'
          ? 'DELETED'
          : change.action === 'keep' || change.attributes.length === 0
            ? 'no change in AWS'
            : `changes ${change.attributes.join(', ')}`;
    return `${symbol[change.action]} ${change.address}: ${what}`;
  });
  const replaced = summary.adopted.filter((change) => change.action === 'replace' || change.action === 'delete').length;
  return [
    `${summary.adopted.length} existing resource(s): ${summary.adopted.filter((c) => c.action === 'update').length} changed in place, ${replaced} replaced or deleted; ${summary.created.length} new.`,
    ...lines,
  ].join('\n');
}

function changedAttributes(before: unknown, after: unknown, afterUnknown: unknown): string[] {
  const old = isObject(before) ? before : {};
  const next = isObject(after) ? after : {};
  const unknown = isObject(afterUnknown) ? afterUnknown : {};
  const keys = new Set([...Object.keys(old), ...Object.keys(next), ...Object.keys(unknown)]);
  return [...keys]
    .filter((key) => !NOT_IN_AWS.has(key))
    .filter((key) => unknown[key] === true || JSON.stringify(normalize(old[key])) !== JSON.stringify(normalize(next[key])))
    .sort();
}

/** Empty strings, lists and maps read back from AWS mean the same as an unset (null) value. */
function normalize(value: unknown): unknown {
  if (value === '' || value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(normalize);
  if (isObject(value)) {
    const entries = Object.entries(value).map(([key, item]) => [key, normalize(item)] as const).filter(([, item]) => item !== null);
    return entries.length === 0 ? null : Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
