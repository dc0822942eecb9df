/**
 * Synthesis interrupted for real, in child processes: killed (SIGKILL) or interrupted (Ctrl-C) while
 * it writes, stopped by a file size limit mid-file, racing another synth, or run as a user who may not
 * write or read. Each time the previous output stays whole, the exit code says what happened, and the
 * message is one line without a stack trace.
 */
import { chownSync, chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesizeApp } from '../../scripts/synthesize-app';
import { allowTraverse, chmodTree, exists, finished, fingerprint, leftovers, makeProject, startSynthesis, stacksWrittenToTemporary, until, writeEnvironmentFile } from './support/projects';

const ENVIRONMENTS = 10;
const NOBODY = 65534;
const runningAsRoot = process.getuid?.() === 0;

/** A project with many stacks (so writing them takes a while) and a finished output to protect. */
async function projectWithOutput(): Promise<{ root: string; output: Record<string, string> }> {
  const patches = Object.fromEntries(Array.from({ length: ENVIRONMENTS }, (_, i) => [`env${i}`, {}]));
  const root = makeProject(patches);
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const result = await synthesizeApp(root, join(root, 'cdktf.out'), { stateDir: root, imageStacks: false });
    expect(result.ok).toBe(true);
  } finally {
    quiet.mockRestore();
  }
  // The next synth would change every stack.
  for (let i = 0; i < ENVIRONMENTS; i++) writeEnvironmentFile(root, `env${i}`, { task: { imageTag: '2.0.0' } });
  return { root, output: fingerprint(join(root, 'cdktf.out')) };
}

/** Starts a synth and sends `signal` once it has written some stacks but not all; retries a run that finished first. */
async function interruptMidWrite(signal: NodeJS.Signals) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const { root, output } = await projectWithOutput();
    const child = startSynthesis(root);
    const done = finished(child);
    let written = 0;
    await until(() => (written = stacksWrittenToTemporary(root)) > 0 || child.exitCode !== null);
    child.kill(signal);
    const result = await done;
    if (written > 0 && written < ENVIRONMENTS) return { root, output, result, written };
  }
  throw new Error('three runs finished writing before the signal arrived');
}

test('killed (SIGKILL) while writing: the previous output is whole, and the next synth cleans up and completes', async () => {
  const { root, output, result, written } = await interruptMidWrite('SIGKILL');
  expect(result.signal).toBe('SIGKILL');
  expect(written).toBeLessThan(ENVIRONMENTS);
  expect(fingerprint(join(root, 'cdktf.out'))).toEqual(output);
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    expect((await synthesizeApp(root, join(root, 'cdktf.out'), { stateDir: root, imageStacks: false })).ok).toBe(true);
  } finally {
    quiet.mockRestore();
  }
  expect(leftovers(root)).toEqual([]);
  expect(fingerprint(join(root, 'cdktf.out'))).not.toEqual(output);
});

test('Ctrl-C (SIGINT) while writing: exit 130, the previous output whole, nothing left behind', async () => {
  const { root, output, result } = await interruptMidWrite('SIGINT');
  expect(result.code).toBe(130);
  expect(result.stderr).toMatch(/^interrupted \(SIGINT\); \S*cdktf\.out is unchanged$/m);
  expect(fingerprint(join(root, 'cdktf.out'))).toEqual(output);
  expect(leftovers(root)).toEqual([]);
});

test('a write that fails mid-file (file size limit, as on a full disk): exit 2, one line, the previous output whole', async () => {
  const { root, output } = await projectWithOutput();
  const result = await finished(startSynthesis(root, { maxFileBytes: 8192 }));
  expect(result.code).toBe(2);
  expect(result.stderr.trim()).toMatch(/^error: could not write the synthesized stacks: file too large for the file size limit \(EFBIG\); \S*cdktf\.out is unchanged$/);
  expect(fingerprint(join(root, 'cdktf.out'))).toEqual(output);
  expect(leftovers(root)).toEqual([]);
});

describe('two synths at once', () => {
  test('the second waits for the first, says so, then writes a whole output', async () => {
    const root = makeProject({ dev: {}, qa: {} });
    const first = startSynthesis(root, { args: ['--hold', '60000'] });
    const firstDone = finished(first);
    let firstOut = '';
    first.stdout?.on('data', (chunk: Buffer) => (firstOut += chunk.toString()));
    await until(() => firstOut.includes('synthesized'));
    const secondProcess = startSynthesis(root);
    const secondDone = finished(secondProcess);
    let waiting = '';
    secondProcess.stderr?.on('data', (chunk: Buffer) => (waiting += chunk.toString()));
    await until(() => waiting.includes('waiting for another synth'));
    // The first synth releases the lock now; the second goes on.
    first.kill('SIGUSR2');
    const second = await secondDone;
    expect((await firstDone).code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/waiting for another synth to finish writing \S*cdktf\.out \(pid \d+, since /);
    expect(exists(join(root, 'cdktf.out', 'stacks', 'dev', 'cdk.tf.json'))).toBe(true);
    expect(exists(join(root, 'cdktf.out', 'stacks', 'qa', 'cdk.tf.json'))).toBe(true);
    expect(leftovers(root)).toEqual([]);
  });

  test('Ctrl-C while waiting: exit 130 at once', async () => {
    const root = makeProject({ dev: {} });
    const first = startSynthesis(root, { args: ['--hold', '20000'] });
    let firstOut = '';
    first.stdout?.on('data', (chunk: Buffer) => (firstOut += chunk.toString()));
    const firstDone = finished(first);
    await until(() => firstOut.includes('synthesized'));
    const second = startSynthesis(root);
    const secondDone = finished(second);
    let waiting = '';
    second.stderr?.on('data', (chunk: Buffer) => (waiting += chunk.toString()));
    await until(() => waiting.includes('waiting for another synth'));
    second.kill('SIGINT');
    const result = await secondDone;
    first.kill('SIGKILL');
    await firstDone;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/interrupted \(SIGINT\); \S*cdktf\.out is unchanged/);
  });
});

describe('files the user may not write or read', () => {
  // As root, permissions do not apply: the child runs as nobody instead. Otherwise permissions are removed.
  const asUser = runningAsRoot ? { uid: NOBODY } : {};
  let restore: (() => void) | undefined;
  beforeAll(() => {
    if (runningAsRoot) restore = allowTraverse(makeProject({}));
  });
  afterAll(() => restore?.());

  test('a read-only cdktf.out: exit 2, one line, nothing changed', async () => {
    const { root, output } = await projectWithOutput();
    if (runningAsRoot) {
      chmodTree(root, 0o755);
      chownSync(root, NOBODY, NOBODY);
    } else {
      chmodSync(join(root, 'cdktf.out'), 0o555);
    }
    const result = await finished(startSynthesis(root, asUser));
    if (!runningAsRoot) chmodSync(join(root, 'cdktf.out'), 0o755);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^error: \S*cdktf\.out is not writable \(permission denied \(EACCES\)\); synthesis replaces it: make it writable \(chmod -R u\+w \S*cdktf\.out\) or delete it\. Nothing was changed\.$/);
    expect(fingerprint(join(root, 'cdktf.out'))).toEqual(output);
    expect(leftovers(root)).toEqual([]);
  });

  test('a project folder nobody may write to: exit 2, one line', async () => {
    const root = makeProject({ dev: {} });
    chmodTree(root, 0o755);
    if (!runningAsRoot) chmodSync(root, 0o555);
    const result = await finished(startSynthesis(root, asUser));
    if (!runningAsRoot) chmodSync(root, 0o755);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^error: cannot create the lock \S*cdktf\.out\.lock: permission denied \(EACCES\)$/);
    expect(exists(join(root, 'cdktf.out'))).toBe(false);
  });

  test('an environment file and a certificate file that cannot be read: exit 1, each named, no stack trace', async () => {
    const root = makeProject({ dev: {} });
    writeEnvironmentFile(root, 'staging', { certificate: { source: 'imported', subjectAlternativeNames: undefined, certificateFile: 'certs/cert.pem', chainFile: 'certs/chain.pem' } });
    mkdirSync(join(root, 'environments', 'certs'));
    writeFileSync(join(root, 'environments', 'certs', 'cert.pem'), 'x');
    writeFileSync(join(root, 'environments', 'certs', 'chain.pem'), 'x');
    chmodTree(root, 0o755);
    if (runningAsRoot) chownSync(root, NOBODY, NOBODY);
    chmodSync(join(root, 'environments', 'dev.yaml'), 0o000);
    chmodSync(join(root, 'environments', 'certs', 'cert.pem'), 0o000);
    const result = await finished(startSynthesis(root, asUser));
    chmodSync(join(root, 'environments', 'dev.yaml'), 0o644);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: \S*environments\/dev\.yaml: cannot be read: permission denied \(EACCES\)/);
    expect(result.stderr).toMatch(/error: \S*environments\/staging\.yaml:\d+: certificate\.certificateFile: certs\/cert\.pem cannot be read: permission denied \(EACCES\)/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
