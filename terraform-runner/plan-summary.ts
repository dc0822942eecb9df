/**
 * Counts a saved plan (`terraform show -json plan.bin`) the way Terraform's own summary line does:
 * a replacement is one to add and one to destroy; reads of data sources and no-ops do not count.
 */

export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Resources the plan imports (import blocks); also counted under add/change when they change. */
  readonly import: number;
  /** Resources the plan stops managing without destroying them (`removed` blocks with destroy = false). */
  readonly forget: number;
}

interface ResourceChange {
  readonly mode?: string;
  readonly change?: { readonly actions?: readonly string[]; readonly importing?: unknown };
}

export function summarizePlan(plan: { readonly resource_changes?: readonly ResourceChange[] }): PlanSummary {
  let add = 0;
  let change = 0;
  let destroy = 0;
  let imported = 0;
  let forget = 0;
  for (const resource of plan.resource_changes ?? []) {
    if (resource.mode === 'data') continue;
    const actions = resource.change?.actions ?? [];
    if (resource.change?.importing) imported++;
    if (actions.includes('create')) add++;
    if (actions.includes('delete')) destroy++;
    if (actions.includes('update')) change++;
    if (actions.includes('forget')) forget++;
  }
  return { add, change, destroy, import: imported, forget };
}

/** `+65 ~0 -0`, with `, 2 import` / `, 1 forget` only when there are any. */
export function formatPlanSummary(summary: PlanSummary): string {
  const extra = [summary.import ? `${summary.import} import` : '', summary.forget ? `${summary.forget} forget` : ''].filter(Boolean);
  return [`+${summary.add} ~${summary.change} -${summary.destroy}`, ...extra].join(', ');
}

/**
 * Replaces the stand-in values in the plan JSON text with a marker, so a throwaway private key never
 * sits in an artifact where a secret scanner (or a reader) would take it for a real one.
 */
export function redactStandIns(planText: string, standIns: Readonly<Record<string, unknown>>): string {
  let text = planText;
  for (const [name, value] of Object.entries(standIns)) {
    if (typeof value !== 'string' || value.length < 16) continue;
    const escaped = JSON.stringify(value).slice(1, -1);
    text = text.split(escaped).join(`(stand-in for var.${name}, redacted)`);
  }
  return text;
}
