/**
 * Temporary directories for tests. Each is removed after its test file (setup.ts registers
 * removeTempDirs in afterAll), so a test that fails half-way leaves nothing behind either.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];

/** A new empty directory `<temp>/ecs-web-stack-<purpose>-XXXXXX`, removed after the test file. */
export function tempDir(purpose: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ecs-web-stack-${purpose}-`));
  created.push(dir);
  return dir;
}

/** Removes every directory tempDir made in this test file. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
