/**
 * `npm run discover`: read an ECS service made in the console and write the environment file that
 * adopts it. The file is checked with the same loader synth uses before it is written; on any error
 * (no credentials, access denied, not found, ambiguous) nothing is written.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { ConfigError } from '../config/errors';
import { loadEnvironment } from '../config/load';
import { createClients, destroyClients, resolveRegion, type AwsClients } from './aws-clients';
import { draftEnvironment, type EnvironmentDraft } from './environment-document';
import { DiscoveryError } from './errors';
import { readAccount } from './read-account';
import { describeRule, revokeCommand } from './security-group-changes';

export interface DiscoverOptions {
  readonly cluster: string;
  readonly service: string;
  /** @default - AWS_REGION or the profile's region */
  readonly region?: string;
  /** @default environments/<service>.yaml */
  readonly out?: string;
  /** The site's domain, when the load balancer has no HTTPS listener to take it from. */
  readonly domain?: string;
  /** Replace an existing file. @default false */
  readonly force?: boolean;
  /** Repository root (where config/environment.schema.json lives). */
  readonly root: string;
  /** Clients to read with. @default - SDK clients with the standard credential chain */
  readonly clients?: AwsClients;
}

export interface DiscoverResult {
  readonly file: string;
  readonly draft: EnvironmentDraft;
  /** Settings the loader could not accept yet (an imported certificate's PEM files), one line each. */
  readonly pending: readonly string[];
  /** The report for the user. */
  readonly report: string;
}

const STACK_NAME = /^[a-z][a-z0-9-]{0,30}$/;

export async function discover(options: DiscoverOptions): Promise<DiscoverResult> {
  const out = options.out ?? join('environments', `${options.service.toLowerCase()}.yaml`);
  const envName = basename(out, extname(out));
  if (!/\.ya?ml$/.test(out) || !STACK_NAME.test(envName)) {
    throw new DiscoveryError('usage', `--out ${out}: the file name must be <stack name>.yaml with a stack name of lowercase letters, digits and hyphens (it names the stack)`);
  }
  const target = resolve(options.root, out);
  if (existsSync(target) && !options.force) {
    throw new DiscoveryError('usage', `${out} already exists; pass --force to replace it, or choose another --out`);
  }

  const clients = options.clients ?? createClients(options.region);
  try {
    const region = options.region ?? (await resolveRegion(clients));
    if (!region) throw new DiscoveryError('usage', 'no AWS region: pass --region, or set AWS_REGION (or a region in your AWS profile)');
    const view = await readAccount(clients, { cluster: options.cluster, service: options.service, region, domain: options.domain });
    const command = [
      'npm run discover --',
      `--cluster ${options.cluster}`,
      `--service ${options.service}`,
      `--region ${region}`,
      ...(options.domain ? [`--domain ${options.domain}`] : []),
      `--out ${out}`,
    ].join(' ');
    const schemaPath = relative(dirname(target), join(options.root, 'config', 'environment.schema.json')).split('\\').join('/');
    const draft = draftEnvironment(view, { envName, command, schemaPath });
    const pending = checkDraft(draft.text, envName);
    writeAtomically(target, draft.text);
    return { file: out, draft, pending, report: formatReport(out, envName, draft, pending, region) };
  } finally {
    if (!options.clients) destroyClients(clients);
  }
}

/**
 * Loads the draft as synth would, from a copy beside nothing else. Problems with an imported
 * certificate's files are expected (the user copies them in) and returned; any other problem is a bug
 * in discovery and throws, so a file that cannot synthesize is never written.
 */
function checkDraft(text: string, envName: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-web-stack-discover-'));
  try {
    const file = join(dir, `${envName}.yaml`);
    writeFileSync(file, text);
    try {
      loadEnvironment(file);
      return [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const certificateFiles = error.problems.filter((problem) => problem.field.startsWith('certificate.'));
      if (certificateFiles.length === error.problems.length) return certificateFiles.map((problem) => `${problem.field}: ${problem.message}`);
      throw new Error(`discovery wrote a file the loader rejects (a bug; please report it):\n${error.message}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeAtomically(target: string, text: string): void {
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, target);
}

function formatReport(out: string, envName: string, draft: EnvironmentDraft, pending: readonly string[], region: string): string {
  const lines = [`wrote ${out} (stack ${envName})`, ''];
  const revoked = draft.groupChanges.flatMap((change) => change.revoked.map((rule) => ({ change, rule })));
  if (revoked.length > 0) {
    lines.push('The adopted security groups end with exactly the stack\'s rules. The first apply revokes:');
    for (const { change, rule } of revoked) lines.push(`  ${change.groupId} ${rule.id} ${describeRule(rule)}`);
    lines.push('  (to revoke one before the apply instead:', `   ${revokeCommand(revoked[0].change.groupId, revoked[0].rule, region)})`);
    const added = draft.groupChanges.flatMap((change) => change.added.map((rule) => `  ${change.groupId} ${describeRule(rule)}`));
    if (added.length > 0) lines.push('and adds:', ...added);
    lines.push('');
  }
  if (draft.decisions.length > 0) lines.push('Decide (marked DECIDE in the file):', ...draft.decisions.map((line) => `  ${line}`), '');
  if (draft.notes.length > 0) lines.push('Notes:', ...draft.notes.map((line) => `  ${line}`), '');
  if (pending.length > 0) lines.push('Before the first synth:', ...pending.map((line) => `  ${line}`), '');
  lines.push('Next: review the file, then `npm run synth` and `npx cdktf plan ' + envName + '` (see "Adopt resources made by hand" in the README).');
  return lines.join('\n');
}
