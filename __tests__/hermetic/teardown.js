/**
 * Jest globalTeardown: the run's private temporary and home directories (setup.js) must be empty at the
 * end, and no stored source analysis of the policy gate may have been written during the run (setup.js
 * turns reuse off). Whatever is left is listed, removed, and fails the run: each test removes what it
 * creates (__tests__/helpers/temp.ts does it for the folders made through it).
 */
'use strict';
const { existsSync, readdirSync, rmSync, statSync } = require('node:fs');
const { join } = require('node:path');

/** Entries under dir, down to `depth` levels (deep enough to name the tool, e.g. .terraform.d/plugin-cache). */
function entries(dir, depth, prefix = '') {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const below = depth > 1 && statSync(path).isDirectory() ? entries(path, depth - 1, `${prefix}${name}/`) : [];
    return below.length ? below : [`${prefix}${name}`];
  });
}

module.exports = function globalTeardown() {
  const root = process.env.ECS_WEB_STACK_JEST_ROOT;
  if (!root) return;
  const left = [...entries(join(root, 'tmp'), 1).map((name) => `temp directory: ${name}`), ...entries(join(root, 'home'), 3).map((name) => `home directory: ~/${name}`)];
  rmSync(root, { recursive: true, force: true });
  const store = join(__dirname, '..', '..', 'node_modules', '.cache', 'policy-gate');
  const started = Number(process.env.ECS_WEB_STACK_JEST_STARTED ?? Date.now());
  for (const name of entries(store, 1).filter((entry) => entry.startsWith('source-'))) {
    const path = join(store, name);
    if (statSync(path).mtimeMs < started) continue;
    left.push(`policy gate store: node_modules/.cache/policy-gate/${name}`);
    rmSync(path, { force: true });
  }
  if (left.length === 0) return;
  const shown = left.slice(0, 20).map((line) => `  ${line}`);
  if (left.length > shown.length) shown.push(`  … and ${left.length - shown.length} more`);
  process.stderr.write(`\nThe tests left ${left.length} entries behind (removed now; each test must remove what it creates):\n${shown.join('\n')}\n`);
  process.exitCode = 1;
};
