/**
 * A copy of this project in a temporary directory (removed after the test file), as a user's checkout
 * would be, with the tests' own environment files: for commands that work on the project as a whole
 * (`npm run plan|deploy|destroy`, the cdktf CLI through cdktf.json), so they never read or write this
 * checkout's environments/, cdktf.out or state. Installed packages are shared through symbolic links;
 * node_modules/.cache is the copy's own, so caches keyed by file path do not pile up in this checkout.
 */
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_ENVIRONMENTS, REPO_ROOT } from './synth';
import { tempDir } from './temp';

/** Top-level entries that are not the project's source: generated, installed, state, or the tests. */
const NOT_COPIED = new Set(['.git', 'node_modules', 'cdktf.out', 'coverage', '.gen', '__tests__', 'environments']);

export interface ProjectOptions {
  /** The directory copied to environments/. */
  /** @default FIXTURE_ENVIRONMENTS (dev, staging, prod, with certs/ and examples/) */
  readonly environmentsDir?: string;
}

export function copyProject(options: ProjectOptions = {}): string {
  const root = join(tempDir('project'), 'ecs-web-stack');
  mkdirSync(root);
  for (const entry of readdirSync(REPO_ROOT)) {
    if (NOT_COPIED.has(entry) || /\.tfstate(\.backup)?$|^\.terraform/.test(entry)) continue;
    cpSync(join(REPO_ROOT, entry), join(root, entry), { recursive: true, filter: (source) => !source.includes(`${join('sample-app', 'node_modules')}`) });
  }
  cpSync(options.environmentsDir ?? FIXTURE_ENVIRONMENTS, join(root, 'environments'), { recursive: true });
  mkdirSync(join(root, 'node_modules'));
  for (const entry of readdirSync(join(REPO_ROOT, 'node_modules'))) {
    if (entry !== '.cache') symlinkSync(join(REPO_ROOT, 'node_modules', entry), join(root, 'node_modules', entry));
  }
  return root;
}

/**
 * Adds a construct file that breaks a policy rule (http-redirect-to-https: a port-80 listener that
 * forwards instead of redirecting) to a copied project; the gate's source layer reads it.
 */
export function addPolicyViolation(root: string): void {
  writeFileSync(
    join(root, 'constructs', 'plain-http.ts'),
    [
      "import { Construct } from 'constructs';",
      "import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';",
      'export function plainHttp(scope: Construct, lb: string, group: string): LbListener {',
      "  return new LbListener(scope, 'http', { loadBalancerArn: lb, port: 80, protocol: 'HTTP', defaultAction: [{ type: 'forward', targetGroupArn: group }] });",
      '}',
      '',
    ].join('\n'),
  );
}
