/**
 * The image's build-context hash follows what `docker build` sees: files .dockerignore leaves out do
 * not change it (no rebuild for a README edit), files the build copies and the Dockerfile do.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashDirectory } from '../../constructs/image-stack';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ecs-web-stack-context-'));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'test'));
  mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20-alpine\nCOPY src ./src\n');
  writeFileSync(join(dir, '.dockerignore'), 'node_modules\ntest\nREADME.md\nDockerfile\n.dockerignore\n');
  writeFileSync(join(dir, 'src', 'app.js'), 'console.log(1);\n');
  writeFileSync(join(dir, 'test', 'app.test.js'), 'test\n');
  writeFileSync(join(dir, 'README.md'), '# app\n');
  writeFileSync(join(dir, 'node_modules', 'x', 'index.js'), '1\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('files the build does not see leave the hash alone', () => {
  const before = hashDirectory(dir);
  writeFileSync(join(dir, 'README.md'), '# app, now documented\n');
  writeFileSync(join(dir, 'test', 'app.test.js'), 'more tests\n');
  writeFileSync(join(dir, 'node_modules', 'x', 'index.js'), '2\n');
  expect(hashDirectory(dir)).toBe(before);
});

test('a source file, the Dockerfile or the .dockerignore itself changes it (even when .dockerignore lists them)', () => {
  const before = hashDirectory(dir);
  writeFileSync(join(dir, 'src', 'app.js'), 'console.log(2);\n');
  const afterSource = hashDirectory(dir);
  expect(afterSource).not.toBe(before);
  writeFileSync(join(dir, 'Dockerfile'), 'FROM node:22-alpine\nCOPY src ./src\n');
  const afterDockerfile = hashDirectory(dir);
  expect(afterDockerfile).not.toBe(afterSource);
  writeFileSync(join(dir, '.dockerignore'), 'node_modules\ntest\n');
  expect(hashDirectory(dir)).not.toBe(afterDockerfile); // README.md is now in the context
});

test('Docker\'s rules, exceptions included: `!` brings a file back from an ignored directory', () => {
  writeFileSync(join(dir, '.dockerignore'), 'test\n!test/keep.js\n');
  const before = hashDirectory(dir);
  writeFileSync(join(dir, 'test', 'keep.js'), 'kept\n');
  expect(hashDirectory(dir)).not.toBe(before);
  const withKept = hashDirectory(dir);
  writeFileSync(join(dir, 'test', 'other.js'), 'not kept\n');
  expect(hashDirectory(dir)).toBe(withKept);
});
