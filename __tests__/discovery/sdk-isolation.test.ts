/**
 * Only `npm run discover` loads the AWS SDK: synth (main.ts, scripts/synth.ts) and the policy gate must
 * not pay for it. Checked in a fresh process, by the modules node actually loaded.
 */
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../helpers/synth';

test('synth and the policy gate load no @aws-sdk module; discovery does', () => {
  const loaded = (entries: string[]) => {
    const script = `${entries.map((entry) => `require(${JSON.stringify(entry)});`).join('')}console.log(Object.keys(require.cache).filter((k) => k.includes('/@aws-sdk/')).length)`;
    const child = spawnSync(process.execPath, ['-r', './scripts/register.js', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(child.status).toBe(0);
    return Number(child.stdout.trim().split('\n').pop());
  };
  expect(loaded(['./main.ts', './scripts/synthesize-app.ts', './scripts/stack-summary.ts', './policies/gate.ts'])).toBe(0);
  expect(loaded(['./discovery/discover.ts'])).toBeGreaterThan(0);
});
