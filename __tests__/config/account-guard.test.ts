/**
 * An environment's accountId becomes the AWS provider's allowed_account_ids in its web and image
 * stacks, so dev's file applied with production credentials fails before anything is read or changed.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../main';
import { baseEnvironment, writeEnvironment } from '../helpers/environments';
import { FIXTURE_ENVIRONMENTS, synthesize, type Synthesized } from '../helpers/synth';

let out: Synthesized;
beforeAll(() => {
  out = synthesize();
});
afterAll(() => rmSync(out.outdir, { recursive: true, force: true }));

const ACCOUNTS: Record<string, string> = { dev: '111122223333', staging: '123456789012', prod: '210987654321' };

test.each(Object.entries(ACCOUNTS))('%s: web and image stack providers accept account %s only', (name, account) => {
  // The web stack's guard gives way only to an offline plan, which cannot reach AWS at all (see offline-plan.ts).
  expect(out.stacks[name].provider.aws[0].allowed_account_ids).toBe(`\${var.offline_plan ? null : ["${account}"]}`);
  expect(out.stacks[name].variable?.offline_plan).toMatchObject({ default: false });
  const image = JSON.parse(readFileSync(join(out.outdir, 'stacks', `image-${name}`, 'cdk.tf.json'), 'utf8'));
  expect(image.provider.aws[0].allowed_account_ids).toEqual([account]);
});

test('an offline plan (no account ID asked) leaves the allow-list out, and can reach no AWS endpoint instead', () => {
  const built = buildApp({ environmentsDir: FIXTURE_ENVIRONMENTS, outdir: join(out.outdir, 'offline'), offlinePlan: true, imageStacks: false });
  const dev = built.stacks.find((stack) => stack.node.id === 'dev')!;
  const json = JSON.parse(JSON.stringify(dev.toTerraform()));
  const provider = json.provider.aws[0];
  expect(json.variable.offline_plan.default).toBe(true);
  expect(provider.skip_requesting_account_id).toBe('${var.offline_plan}');
  expect(provider.allowed_account_ids).toBe('${var.offline_plan ? null : ["111122223333"]}');
  expect(provider.https_proxy).toBe('${var.offline_plan ? "http://127.0.0.1:9" : null}');
});

test('without accountId: no allow-list, and account-scoped conditions read the account from an ARN the stack creates', () => {
  const { file } = writeEnvironment('qa', baseEnvironment());
  const stack = synthesize({ files: [file] }).stacks.qa;
  expect(stack.provider.aws[0].allowed_account_ids).toBeUndefined();
  const taskRole = Object.values(stack.resource.aws_iam_role).find((role) => String(role.name).endsWith('-task'))!;
  // A Terraform expression inside the policy text (rendered at apply), so a pattern rather than JSON.parse.
  expect(String(taskRole.assume_role_policy)).toMatch(/"aws:SourceAccount":"\$\{element\(split\(":", aws_ecs_cluster\.\S+\.arn\), 4\)\}"/);
});
