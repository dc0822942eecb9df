/**
 * Runs synthesis for the project at argv[2] (its environments/, its cdktf.out, its local state), as
 * `npm run synth` does minus the gate: the tests start it as a child process to interrupt it, kill it,
 * limit its file size or run it as another user. Exit code: synthesis's own.
 * Options: --hold <ms> keeps the lock after writing, that long or until SIGUSR2 (to test a second synth waiting).
 */
import { join } from 'node:path';
import { synthesizeApp } from '../../../scripts/synthesize-app';

async function run(): Promise<number> {
  const [root, ...rest] = process.argv.slice(2);
  const hold = rest[0] === '--hold' ? Number(rest[1]) : 0;
  const result = await synthesizeApp(root, join(root, 'cdktf.out'), { stateDir: root, imageStacks: false, holdLock: hold > 0, lockTimeoutMs: 60_000 });
  if (!result.ok) return result.exitCode;
  console.log(`synthesized ${result.built.stacks.map((stack) => stack.node.id).join(',')}`);
  if (hold > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, hold);
      process.once('SIGUSR2', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    result.release();
  }
  return 0;
}

run().then((code) => {
  process.exitCode = code;
});
