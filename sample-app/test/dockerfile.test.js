'use strict';

// The Dockerfile's contract (see test-support/dockerfile-contract.js): the real files must pass, and
// each check must catch a Dockerfile broken in the way it guards against.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { checkDockerfile, checkDockerignore, parseDockerfile, parseFrom, execForm } = require('../test-support/dockerfile-contract');
const { DEFAULTS } = require('../src/config');

const ROOT = path.join(__dirname, '..');
const DOCKERFILE = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const DOCKERIGNORE = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8');
const expected = { port: DEFAULTS.port };

test('the Dockerfile meets the contract', () => {
  assert.deepEqual(checkDockerfile(DOCKERFILE, expected), []);
});

test('the .dockerignore excludes node_modules', () => {
  assert.deepEqual(checkDockerignore(DOCKERIGNORE), []);
});

test('every stage uses the same base image, pinned to node 20 by version and sha256 digest', () => {
  const images = parseDockerfile(DOCKERFILE)
    .filter((i) => i.keyword === 'FROM')
    .map((i) => parseFrom(i.args).image);
  assert.equal(new Set(images).size, 1, `one base image for all stages: ${images.join(', ')}`);
  assert.match(images[0], /^node:20\.\d+\.\d+-bookworm-slim@sha256:[0-9a-f]{64}$/);
});

test('the image starts the app the way `npm start` does, and the health check probes the app port', () => {
  const instructions = parseDockerfile(DOCKERFILE);
  const cmd = execForm(instructions.filter((i) => i.keyword === 'CMD').at(-1).args);
  const { scripts } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.deepEqual(cmd, scripts.start.split(' '));
  const healthcheck = instructions.find((i) => i.keyword === 'HEALTHCHECK').args;
  assert.match(healthcheck, /process\.env\.PORT\|\|3000/);
  assert.ok(fs.existsSync(path.join(ROOT, cmd[1])), `${cmd[1]} exists`);
});

test('the image copies only what it runs: package.json, src and the installed node_modules', () => {
  const copies = parseDockerfile(DOCKERFILE)
    .filter((i) => i.keyword === 'COPY')
    .map((i) => i.args);
  assert.deepEqual(copies, [
    'package.json package-lock.json ./',
    '--from=deps /app/node_modules ./node_modules',
    'package.json ./',
    'src ./src',
  ]);
});

// A valid Dockerfile to break one line at a time.
const GOOD = `
FROM node:20.20.2-bookworm-slim@sha256:${'a'.repeat(64)} AS deps
RUN npm ci --omit=dev
FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
ARG APP_VERSION=dev
ENV APP_VERSION=\${APP_VERSION}
USER node
EXPOSE 3000
HEALTHCHECK CMD ["node", "-e", "fetch('http://127.0.0.1:3000/health')"]
CMD ["node", "src/server.js"]
`;

test('the check passes the reference example', () => {
  assert.deepEqual(checkDockerfile(GOOD, expected), []);
});

const broken = [
  ['a single stage', (d) => d.replace(/^FROM .* AS deps\nRUN .*\n/m, 'RUN npm ci --omit=dev\n'), 'multi-stage build expected (at least 2 FROM); found 1'],
  ['the latest tag', (d) => d.replace('node:20.20.2-bookworm-slim AS runtime', 'node:latest AS runtime'), 'is not pinned: tag "latest" is not an exact version'],
  ['a bare major tag', (d) => d.replace('node:20.20.2-bookworm-slim AS runtime', 'node:20 AS runtime'), 'is not pinned: tag "20" is not an exact version'],
  ['a moving variant tag', (d) => d.replace('node:20.20.2-bookworm-slim AS runtime', 'node:20-bookworm-slim AS runtime'), 'tag "20-bookworm-slim" is not an exact version'],
  ['no tag', (d) => d.replace('node:20.20.2-bookworm-slim AS runtime', 'node AS runtime'), 'base image "node" is not pinned: has no tag'],
  ['a malformed digest', (d) => d.replace(`@sha256:${'a'.repeat(64)}`, '@sha256:abc'), 'digest "sha256:abc" is not sha256:<64 hex>'],
  ['npm install instead of npm ci', (d) => d.replace('npm ci --omit=dev', 'npm install --omit=dev'), 'no RUN with `npm ci --omit=dev`'],
  ['npm ci with dev dependencies', (d) => d.replace('npm ci --omit=dev', 'npm ci'), 'no RUN with `npm ci --omit=dev`'],
  ['no USER', (d) => d.replace('USER node\n', ''), 'final stage has no USER before CMD'],
  ['USER root', (d) => d.replace('USER node', 'USER root'), 'final stage runs as root (USER root)'],
  ['USER 0:0', (d) => d.replace('USER node', 'USER 0:0'), 'final stage runs as root (USER 0:0)'],
  ['USER only after CMD', (d) => d.replace('USER node\n', '') + 'USER node\n', 'final stage has no USER before CMD'],
  ['USER only in the build stage', (d) => d.replace('USER node\n', '').replace('RUN npm ci', 'USER node\nRUN npm ci'), 'final stage has no USER before CMD'],
  ['another port', (d) => d.replace('EXPOSE 3000', 'EXPOSE 8080'), 'final stage must EXPOSE 3000; found 8080'],
  ['no HEALTHCHECK', (d) => d.replace(/^HEALTHCHECK .*\n/m, ''), 'final stage has no HEALTHCHECK'],
  ['HEALTHCHECK NONE', (d) => d.replace(/^HEALTHCHECK .*$/m, 'HEALTHCHECK NONE'), 'final stage has no HEALTHCHECK'],
  ['a curl health check', (d) => d.replace(/^HEALTHCHECK .*$/m, 'HEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1'), 'HEALTHCHECK uses curl/wget'],
  ['a wget health check', (d) => d.replace(/^HEALTHCHECK .*$/m, 'HEALTHCHECK CMD wget -qO- http://localhost:3000/health'), 'HEALTHCHECK uses curl/wget'],
  ['a health check on another path', (d) => d.replace('/health', '/'), 'HEALTHCHECK does not probe /health'],
  ['no NODE_ENV', (d) => d.replace('ENV NODE_ENV=production\n', ''), 'final stage must set ENV NODE_ENV=production; found undefined'],
  ['NODE_ENV=development', (d) => d.replace('NODE_ENV=production', 'NODE_ENV=development'), 'found "development"'],
  ['a shell-form CMD', (d) => d.replace('CMD ["node", "src/server.js"]', 'CMD node src/server.js'), 'CMD must be exec form'],
  ['no CMD', (d) => d.replace(/^CMD .*\n/m, ''), 'final stage has no CMD'],
  ['no APP_VERSION build arg', (d) => d.replace('ARG APP_VERSION=dev\n', ''), 'final stage has no ARG APP_VERSION'],
  ['the build arg not passed on', (d) => d.replace('ENV APP_VERSION=${APP_VERSION}\n', ''), 'ENV APP_VERSION=${APP_VERSION}'],
];

for (const [name, breakIt, message] of broken) {
  test(`the check catches ${name}`, () => {
    const dockerfile = breakIt(GOOD);
    assert.notEqual(dockerfile, GOOD, 'the example was changed');
    const problems = checkDockerfile(dockerfile, expected);
    assert.equal(problems.length, 1, `exactly one problem expected; got ${JSON.stringify(problems)}`);
    assert.ok(problems[0].includes(message), `expected "${message}" in "${problems[0]}"`);
  });
}

test('the parser joins continuation lines and skips comments', () => {
  const parsed = parseDockerfile('# c\nFROM a:1.2.3 AS x\nENV A=1 \\\n    # inside\n    B=2\nRUN echo hi');
  assert.deepEqual(parsed, [
    { keyword: 'FROM', args: 'a:1.2.3 AS x', line: 2 },
    { keyword: 'ENV', args: 'A=1 B=2', line: 3 },
    { keyword: 'RUN', args: 'echo hi', line: 6 },
  ]);
});

test('a FROM that names an earlier stage needs no pin', () => {
  const dockerfile = GOOD.replace('node:20.20.2-bookworm-slim AS runtime', 'deps AS runtime');
  assert.deepEqual(checkDockerfile(dockerfile, expected), []);
});

test('the .dockerignore check catches a missing or re-included node_modules', () => {
  assert.deepEqual(checkDockerignore('.git\ntest\n'), ['.dockerignore must exclude node_modules']);
  assert.deepEqual(checkDockerignore('# node_modules\n'), ['.dockerignore must exclude node_modules']);
  assert.deepEqual(checkDockerignore('node_modules/\n!node_modules\n'), ['.dockerignore re-includes node_modules']);
  assert.deepEqual(checkDockerignore('**/node_modules\n'), []);
});
