/**
 * Command line of `npm run discover`: parses the options, runs discovery, prints the report.
 * Exit 0: file written; 1: discovery stopped (no credentials, access denied, not found, ambiguous,
 * unsupported); 2: wrong usage.
 */
import { parseArgs } from 'node:util';
import { discover } from './discover';
import { DiscoveryError } from './errors';

const USAGE = `usage: npm run discover -- --cluster <name> --service <name> [--region <region>] [--out environments/<name>.yaml] [--domain <name>] [--force]

Reads an ECS service made by hand (read-only AWS calls, standard credential chain) and writes the
environment file that adopts it: imports, the settings that must match, DECIDE comments.`;

export async function main(argv: readonly string[], root: string): Promise<number> {
  let values: { cluster?: string; service?: string; region?: string; out?: string; domain?: string; force?: boolean; help?: boolean };
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
