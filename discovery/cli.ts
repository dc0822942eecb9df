/**
 * Command line of `npm run discover`: parses the options, runs discovery, prints the report.
 * Exit 0: file written; 1: discovery stopped (no credentials, access denied, not found, ambiguous,
 * unsupported); 2: wrong usage.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { formatAdoptionPlan, summarizeAdoptionPlan } from './adoption-plan';
import { discover } from './discover';
import { DiscoveryError } from './errors';

const USAGE = `usage: npm run discover -- --cluster <name> --service <name> [--region <region>] [--out environments/<name>.yaml] [--domain <name>] [--force]
       npm run discover -- --plan <plan.json>   (what an adoption plan changes, per existing resource)

Reads an ECS service made by hand (read-only AWS calls, standard credential chain) and writes the
environment file that adopts it: imports, the settings that must match, DECIDE comments.`;

export async function main(argv: readonly string[], root: string): Promise<number> {
  let values: { cluster?: string; service?: string; region?: string; out?: string; domain?: string; force?: boolean; help?: boolean; plan?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        cluster: { type: 'string' },
        service: { type: 'string' },
        region: { type: 'string' },
        out: { type: 'string' },
        domain: { type: 'string' },
        force: { type: 'boolean' },
        plan: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.plan) return explainPlan(values.plan);
  if (!values.cluster || !values.service) {
    console.error(`--cluster and --service are required\n\n${USAGE}`);
    return 2;
  }
  try {
    const result = await discover({ cluster: values.cluster, service: values.service, region: values.region, out: values.out, domain: values.domain, force: values.force, root });
    console.log(result.report);
    return 0;
  } catch (error) {
    if (error instanceof DiscoveryError) {
      console.error(`error: ${error.message}\nNothing was written.`);
      return error.problem === 'usage' ? 2 : 1;
    }
    throw error;
  }
}

/** Prints what a saved plan (`terraform show -json`) does to each existing resource; exit 1 if it replaces or deletes one. */
function explainPlan(file: string): number {
  let plan: Parameters<typeof summarizeAdoptionPlan>[0];
  try {
    plan = JSON.parse(readFileSync(file, 'utf8')) as typeof plan;
  } catch (error) {
    console.error(`error: cannot read ${file} as \`terraform show -json\` output: ${(error as Error).message}`);
    return 2;
  }
  if (!Array.isArray(plan.resource_changes)) {
    console.error(`error: ${file} has no resource_changes; give the output of \`terraform show -json <planfile>\``);
    return 2;
  }
  const summary = summarizeAdoptionPlan(plan);
  console.log(formatAdoptionPlan(summary));
  return summary.adopted.some((change) => change.action === 'replace' || change.action === 'delete') ? 1 : 0;
}
