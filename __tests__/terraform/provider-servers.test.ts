/**
 * Running provider processes lent to terraform commands (no terraform: a stand-in provider that prints
 * the reattach line of a provider in serve mode and waits to be stopped).
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installedProviders, providerServerPool, type ProviderBinary } from '../../terraform-runner/provider-servers';
import { tempDir } from '../helpers/temp';

/** A stand-in provider: in `-debug` mode it announces itself with its pid, as the real one does. */
function fakeProvider(dir: string, behaviour: 'serves' | 'silent' = 'serves'): string {
  const path = join(dir, 'terraform-provider-aws_v5.100.0_x5');
  const announce =
    behaviour === 'serves'
      ? `console.log("Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS environment variable with the following:\\n\\n\\tTF_REATTACH_PROVIDERS='" + JSON.stringify({ "registry.terraform.io/hashicorp/aws": { Protocol: "grpc", ProtocolVersion: 5, Pid: process.pid, Test: true, Addr: { Network: "unix", String: "/tmp/plugin" + process.pid } } }) + "'");`
      : '';
  writeFileSync(path, `#!${process.execPath}\n${announce}\nprocess.on('SIGINT', () => process.exit(0));\nsetInterval(() => {}, 1000);\n`);
  chmodSync(path, 0o755);
  return path;
}

const pidOf = (env: string): number => (JSON.parse(env) as Record<string, { Pid: number }>)['registry.terraform.io/hashicorp/aws'].Pid;
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const waitFor = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
};

test('finds the providers an init installed', () => {
  const init = tempDir('provider-init');
  const dir = join(init, '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', 'linux_amd64');
  mkdirSync(dir, { recursive: true });
  const path = fakeProvider(dir);
  writeFileSync(join(dir, 'LICENSE.txt'), 'license');
  expect(installedProviders(init)).toEqual([{ address: 'registry.terraform.io/hashicorp/aws', path }]);
  expect(installedProviders(tempDir('provider-none'))).toEqual([]);
});

test('schema readers share a long-lived process; a command that configures the provider gets its own, stopped after', async () => {
  const binary: ProviderBinary = { address: 'registry.terraform.io/hashicorp/aws', path: fakeProvider(tempDir('provider-bin')) };
  const pool = providerServerPool(process.env, 1, 10_000);
  try {
    const first = await pool.borrow([binary], 'schema');
    expect(first).toBeDefined();
    const schemaPid = pidOf(first!.env);
    first!.release();
    const second = await pool.borrow([binary], 'schema');
    expect(pidOf(second!.env)).toBe(schemaPid); // reused
    second!.release();

    const planning = await pool.borrow([binary], 'configure');
    const planPid = pidOf(planning!.env);
    expect(planPid).not.toBe(schemaPid);
    planning!.release();
    await waitFor(() => !alive(planPid));
    expect(alive(planPid)).toBe(false); // configured once, then gone
    expect(alive(schemaPid)).toBe(true);
  } finally {
    pool.close();
  }
});

test('at most `size` sets at once: the next command waits for one to be released', async () => {
  const binary: ProviderBinary = { address: 'registry.terraform.io/hashicorp/aws', path: fakeProvider(tempDir('provider-bin')) };
  const pool = providerServerPool(process.env, 1, 10_000);
  try {
    const held = await pool.borrow([binary], 'schema');
    let second: Awaited<ReturnType<typeof pool.borrow>>;
    const waiting = pool.borrow([binary], 'schema').then((lent) => (second = lent));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(second!).toBeUndefined();
    held!.release();
    await waiting;
    expect(pidOf(second!.env)).toBe(pidOf(held!.env));
    second!.release();
  } finally {
    pool.close();
  }
});

test('a provider that does not serve: the pool stands aside and commands start their own', async () => {
  const binary: ProviderBinary = { address: 'registry.terraform.io/hashicorp/aws', path: fakeProvider(tempDir('provider-bin'), 'silent') };
  const pool = providerServerPool(process.env, 1, 300);
  try {
    expect(await pool.borrow([binary], 'schema')).toBeUndefined();
    expect(await pool.borrow([binary], 'configure')).toBeUndefined();
  } finally {
    pool.close();
  }
});

test('close stops every process the pool started', async () => {
  const binary: ProviderBinary = { address: 'registry.terraform.io/hashicorp/aws', path: fakeProvider(tempDir('provider-bin')) };
  const pool = providerServerPool(process.env, 2, 10_000);
  const lent = await pool.borrow([binary], 'schema');
  const pid = pidOf(lent!.env);
  lent!.release();
  pool.close();
  await waitFor(() => !alive(pid));
  expect(alive(pid)).toBe(false);
});
