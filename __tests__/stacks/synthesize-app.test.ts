/**
 * What `npm run synth`, `npm run validate` and the cdktf entry point share: nothing written on a bad
 * file; the output swapped in whole (stale stacks gone with the old output); local state never inside
 * cdktf.out and never deleted, with state from the old place moved to the project root; Terraform's
 * working files carried over; one synth at a time.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runByCdktfCli, synthesizeApp, type SynthesisOptions } from '../../scripts/synthesize-app';
import { acquireOutputLock } from '../../synthesis/output-lock';
import { exists, fingerprint, leftovers, makeProject, writeEnvironmentFile } from './support/projects';

/** Runs synthesis in this process, collecting what it prints. */
async function synth(root: string, options: SynthesisOptions = {}) {
  const printed: string[] = [];
  const collect = (message: string) => void printed.push(String(message));
  const spies = [jest.spyOn(console, 'error').mockImplementation(collect), jest.spyOn(console, 'warn').mockImplementation(collect)];
  try {
    const result = await synthesizeApp(root, join(root, 'cdktf.out'), { stateDir: root, imageStacks: false, ...options });
    if (result.ok) result.release();
    return { result, printed: printed.join('\n') };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

const state = (serial: number) => `${JSON.stringify({ version: 4, serial, lineage: 'l-1', resources: [{ type: 'aws_vpc', name: 'v' }] })}\n`;

test('one invalid file: every problem printed, exit 1, nothing written (not even the valid stack)', async () => {
  const root = makeProject({ dev: {}, prod: { task: { cpu: 300 } } });
  const { result, printed } = await synth(root);
  expect(result).toEqual({ ok: false, exitCode: 1 });
  expect(printed).toMatch(/environments\/prod\.yaml:\d+: task\.cpu: must be one of 256, 512/);
  expect(printed).toMatch(/1 configuration error\(s\) in 1 file; nothing was written/);
  expect(exists(join(root, 'cdktf.out'))).toBe(false);
  expect(leftovers(root)).toEqual([]);
});

test('a stack whose environment file is gone leaves with the old output, its image stack too', async () => {
  const root = makeProject({ dev: {}, qa: {} });
  const outdir = join(root, 'cdktf.out');
  expect((await synth(root, { imageStacks: true })).result.ok).toBe(true);
  expect(exists(join(outdir, 'stacks', 'qa', 'cdk.tf.json'))).toBe(true);
  rmSync(join(root, 'environments', 'qa.yaml'));
  expect((await synth(root, { imageStacks: true })).result.ok).toBe(true);
  expect(exists(join(outdir, 'stacks', 'qa'))).toBe(false);
  expect(exists(join(outdir, 'stacks', 'image-qa'))).toBe(false);
  expect(exists(join(outdir, 'stacks', 'dev', 'cdk.tf.json'))).toBe(true);
  expect(exists(join(outdir, 'stacks', 'image-dev', 'cdk.tf.json'))).toBe(true);
  expect(leftovers(root)).toEqual([]);
});

test('local state lives in the project root, named as cdktf names it, and nothing a user does to cdktf.out touches it', async () => {
  const root = makeProject({ dev: {}, qa: {} });
  expect((await synth(root)).result.ok).toBe(true);
  const backend = JSON.parse(readFileSync(join(root, 'cdktf.out', 'stacks', 'dev', 'cdk.tf.json'), 'utf8')).terraform.backend;
  expect(backend).toEqual({ local: { path: join(root, 'terraform.dev.tfstate') } });

  writeFileSync(join(root, 'terraform.dev.tfstate'), state(7));
  writeFileSync(join(root, 'terraform.qa.tfstate'), state(3));
  const before = { dev: state(7), qa: state(3) };
  // synth again, rename an environment, remove one, delete the output: the state files stay as they were.
  expect((await synth(root)).result.ok).toBe(true);
  renameSync(join(root, 'environments', 'qa.yaml'), join(root, 'environments', 'qa2.yaml'));
  writeEnvironmentFile(root, 'qa2');
  rmSync(join(root, 'environments', 'qa.yaml'), { force: true });
  expect((await synth(root)).result.ok).toBe(true);
  rmSync(join(root, 'environments', 'qa2.yaml'));
  expect((await synth(root)).result.ok).toBe(true);
  rmSync(join(root, 'cdktf.out'), { recursive: true, force: true });
  expect((await synth(root)).result.ok).toBe(true);
  expect(readFileSync(join(root, 'terraform.dev.tfstate'), 'utf8')).toBe(before.dev);
  expect(readFileSync(join(root, 'terraform.qa.tfstate'), 'utf8')).toBe(before.qa);
});

describe('state where earlier versions kept it (cdktf.out/stacks/<stack>/terraform.<stack>.tfstate)', () => {
  function upgradingProject(): { root: string; old: string } {
    const root = makeProject({ dev: {} });
    const old = join(root, 'cdktf.out', 'stacks', 'dev');
    mkdirSync(old, { recursive: true });
    writeFileSync(join(old, 'cdk.tf.json'), '{}\n');
    writeFileSync(join(old, 'terraform.dev.tfstate'), state(12));
    writeFileSync(join(old, 'terraform.dev.tfstate.backup'), state(11));
    return { root, old };
  }

  test('moves to the project root when the new place is empty, and says so', async () => {
    const { root, old } = upgradingProject();
    const { result, printed } = await synth(root);
    expect(result.ok).toBe(true);
    expect(readFileSync(join(root, 'terraform.dev.tfstate'), 'utf8')).toBe(state(12));
    expect(readFileSync(join(root, 'terraform.dev.tfstate.backup'), 'utf8')).toBe(state(11));
    expect(exists(join(old, 'terraform.dev.tfstate'))).toBe(false);
    expect(printed).toMatch(/note: moved local state \S*cdktf\.out\/stacks\/dev\/terraform\.dev\.tfstate → \S*terraform\.dev\.tfstate \(state now lives in the project root/);
  });

  test('stops with both places named, and changes nothing, when both hold state', async () => {
    const { root, old } = upgradingProject();
    writeFileSync(join(root, 'terraform.dev.tfstate'), state(2));
    const output = fingerprint(join(root, 'cdktf.out'));
    const { result, printed } = await synth(root);
    expect(result).toEqual({ ok: false, exitCode: 1 });
    expect(printed).toMatch(/error: local state of stack dev exists twice: \S*cdktf\.out\/stacks\/dev\/terraform\.dev\.tfstate \(serial 12, 1 resources\), where earlier versions kept it, and \S*terraform\.dev\.tfstate \(serial 2, 1 resources\), where it lives now/);
    expect(printed).toMatch(/Nothing was changed\./);
    expect(readFileSync(join(old, 'terraform.dev.tfstate'), 'utf8')).toBe(state(12));
    expect(readFileSync(join(root, 'terraform.dev.tfstate'), 'utf8')).toBe(state(2));
    expect(fingerprint(join(root, 'cdktf.out'))).toEqual(output);
    expect(leftovers(root)).toEqual([]);
  });

  test('is not moved while terraform holds it', async () => {
    const { root, old } = upgradingProject();
    writeFileSync(join(old, '.terraform.tfstate.lock.info'), '{}');
    const { result, printed } = await synth(root);
    expect(result).toEqual({ ok: false, exitCode: 1 });
    expect(printed).toMatch(/terraform\.dev\.tfstate is locked by a running terraform/);
    expect(exists(join(old, 'terraform.dev.tfstate'))).toBe(true);
  });
});

test('a folder that holds state is never deleted: a removed environment with state inside cdktf.out stops the synth', async () => {
  const root = makeProject({ dev: {}, qa: {} });
  expect((await synth(root)).result.ok).toBe(true);
  writeFileSync(join(root, 'cdktf.out', 'stacks', 'qa', 'terraform.tfstate'), state(4));
  rmSync(join(root, 'environments', 'qa.yaml'));
  const output = fingerprint(join(root, 'cdktf.out'));
  const { result, printed } = await synth(root);
  expect(result).toEqual({ ok: false, exitCode: 1 });
  expect(printed).toMatch(/error: \S*cdktf\.out\/stacks\/qa\/terraform\.tfstate: Terraform state of a stack that this synth no longer produces/);
  expect(fingerprint(join(root, 'cdktf.out'))).toEqual(output);
});

test("terraform's working files move into the new output; a changed local state path is forgotten by the backend cache", async () => {
  const root = makeProject({ dev: {} });
  expect((await synth(root)).result.ok).toBe(true);
  const stack = join(root, 'cdktf.out', 'stacks', 'dev');
  mkdirSync(join(stack, '.terraform', 'providers'), { recursive: true });
  writeFileSync(join(stack, '.terraform', 'providers', 'marker'), 'provider binaries');
  writeFileSync(join(stack, '.terraform', 'terraform.tfstate'), JSON.stringify({ backend: { type: 'local', config: { path: 'terraform.dev.tfstate' } } }));
  writeFileSync(join(stack, '.terraform.lock.hcl'), '# lock\n');
  writeFileSync(join(stack, 'terraform.tfstate'), state(5));
  writeFileSync(join(stack, 'plan.json'), '{}');
  const { result, printed } = await synth(root);
  expect(result.ok).toBe(true);
  expect(readFileSync(join(stack, '.terraform', 'providers', 'marker'), 'utf8')).toBe('provider binaries');
  expect(exists(join(stack, '.terraform', 'terraform.tfstate'))).toBe(false);
  expect(readFileSync(join(stack, '.terraform.lock.hcl'), 'utf8')).toBe('# lock\n');
  expect(readFileSync(join(stack, 'terraform.tfstate'), 'utf8')).toBe(state(5));
  expect(printed).toMatch(/warning: \S*cdktf\.out\/stacks\/dev\/terraform\.tfstate is Terraform state inside \S*cdktf\.out, which synthesis replaces: it was kept, but move it out/);
  // A plan of the previous synth no longer describes this one.
  expect(exists(join(stack, 'plan.json'))).toBe(false);
  expect(leftovers(root)).toEqual([]);
});

test('what an interrupted run left is repaired: a previous output without a current one is put back, temporary folders go', async () => {
  const root = makeProject({ dev: {} });
  expect((await synth(root)).result.ok).toBe(true);
  const output = fingerprint(join(root, 'cdktf.out'));
  renameSync(join(root, 'cdktf.out'), join(root, 'cdktf.out.previous-99999'));
  mkdirSync(join(root, 'cdktf.out.tmp-abc123', 'stacks', 'dev'), { recursive: true });
  writeFileSync(join(root, 'cdktf.out.tmp-abc123', 'stacks', 'dev', 'cdk.tf.json'), '{"half":');
  writeEnvironmentFile(root, 'dev', { task: { imageTag: '9.9.9' } });
  const { result, printed } = await synth(root);
  expect(result.ok).toBe(true);
  expect(printed).toMatch(/note: restored \S*cdktf\.out from \S*cdktf\.out\.previous-99999, left by an interrupted synth/);
  expect(leftovers(root)).toEqual([]);
  expect(fingerprint(join(root, 'cdktf.out'))).not.toEqual(output);
  expect(readFileSync(join(root, 'cdktf.out', 'stacks', 'dev', 'cdk.tf.json'), 'utf8')).toContain('9.9.9');
});

test('a second synth waits for the lock, says so, and gives up with exit 2 when it is never released', async () => {
  const root = makeProject({ dev: {} });
  const lock = await acquireOutputLock(join(root, 'cdktf.out'));
  try {
    const { result, printed } = await synth(root, { lockTimeoutMs: 300 });
    expect(result).toEqual({ ok: false, exitCode: 2 });
    expect(printed).toMatch(/waiting for another synth to finish writing \S*cdktf\.out \(pid \d+, since /);
    expect(printed).toMatch(/error: another synth \(pid \d+, since .*\) still holds \S*cdktf\.out\.lock after 0 s; if none is running, delete/);
    expect(exists(join(root, 'cdktf.out'))).toBe(false);
  } finally {
    lock.release();
  }
  expect(leftovers(root)).toEqual([]);
});

test('a lock left by a process that is gone is taken over', async () => {
  const root = makeProject({ dev: {} });
  writeFileSync(join(root, 'cdktf.out.lock'), JSON.stringify({ pid: 2 ** 22 + 1, started: '2020-01-01T00:00:00.000Z', command: 'synth' }));
  const { result, printed } = await synth(root);
  expect(result.ok).toBe(true);
  expect(printed).toMatch(/note: took over \S*cdktf\.out\.lock, left by pid 4194305, which is no longer running/);
  expect(leftovers(root)).toEqual([]);
});

describe('run by the cdktf CLI, which removes stale stack folders itself after the app has run', () => {
  test('is told by the variables the CLI sets', () => {
    expect(runByCdktfCli({ CDKTF_OUTDIR: '/p/cdktf.out', CDKTF_CONTEXT_JSON: '{}' })).toBe(true);
    expect(runByCdktfCli({ CDKTF_OUTDIR: '/p/cdktf.out' })).toBe(false);
    expect(runByCdktfCli({})).toBe(false);
  });

  test('a stale stack folder without state stays in the new output for the CLI to remove', async () => {
    const root = makeProject({ dev: {}, qa: {} });
    expect((await synth(root)).result.ok).toBe(true);
    rmSync(join(root, 'environments', 'qa.yaml'));
    expect((await synth(root, { keepStaleStacks: true })).result.ok).toBe(true);
    expect(exists(join(root, 'cdktf.out', 'stacks', 'qa', 'cdk.tf.json'))).toBe(true);
    expect(leftovers(root)).toEqual([]);
  });

  test('a stale stack folder with state stops the synth all the same: the CLI would delete it', async () => {
    const root = makeProject({ dev: {}, qa: {} });
    expect((await synth(root)).result.ok).toBe(true);
    writeFileSync(join(root, 'cdktf.out', 'stacks', 'qa', 'terraform.tfstate'), state(1));
    rmSync(join(root, 'environments', 'qa.yaml'));
    const { result } = await synth(root, { keepStaleStacks: true });
    expect(result).toEqual({ ok: false, exitCode: 1 });
    expect(readFileSync(join(root, 'cdktf.out', 'stacks', 'qa', 'terraform.tfstate'), 'utf8')).toBe(state(1));
  });
});
