'use strict';

// The request handler in-process: a real node:http server on 127.0.0.1, with the shutdown flag and
// the log output under the test's control.

const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { once } = require('node:events');
const { createApp, splitUrl } = require('../src/app');
const { createRoutes } = require('../src/routes');
const { createLogger } = require('../src/logger');
const { loadConfig } = require('../src/config');
const { request } = require('../test-support/server-process');

/** Starts the handler on a free port; `state.shuttingDown` flips the shutdown flag. */
async function serve(t, { env = {}, routes } = {}) {
  const state = { shuttingDown: false };
  const isShuttingDown = () => state.shuttingDown;
  const logs = [];
  const logger = createLogger({ level: 'debug', stream: { write: (line) => logs.push(JSON.parse(line)) } });
  const config = loadConfig({ SERVICE_NAME: 'orders', APP_VERSION: '1.2.3', APP_ENV: 'staging', ...env });
  const server = http.createServer(
    createApp({ routes: routes ?? createRoutes({ config, isShuttingDown }), logger, isShuttingDown }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => new Promise((resolve) => server.close(resolve)));
  // The request log line is written on the response's 'close'; give it a tick to land.
  const logsSettled = () => new Promise((resolve) => setImmediate(resolve)).then(() => logs);
  return { port: server.address().port, state, logsSettled };
}

test('GET / answers service, version and environment as JSON', async (t) => {
  const { port } = await serve(t);
  const res = await request(port, { path: '/' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  assert.deepEqual(res.json, { service: 'orders', version: '1.2.3', environment: 'staging' });
});

test('GET /health answers 200 ok, and 503 with Connection: close while shutting down', async (t) => {
  const { port, state } = await serve(t);
  const ok = await request(port, { path: '/health' });
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.json, { status: 'ok' });
  assert.equal(ok.headers['cache-control'], 'no-store');

  state.shuttingDown = true;
  const down = await request(port, { path: '/health' });
  assert.equal(down.status, 503);
  assert.deepEqual(down.json, { status: 'shutting-down' });
  assert.equal(down.headers.connection, 'close');
});

test('an unknown route answers 404 JSON with the path (query left out)', async (t) => {
  const { port } = await serve(t);
  const res = await request(port, { path: '/nope/x?token=secret' });
  assert.equal(res.status, 404);
  assert.deepEqual(res.json, { error: 'not found', path: '/nope/x' });
});

test('a wrong method on a known route answers 405 with an Allow header', async (t) => {
  const { port } = await serve(t);
  const res = await request(port, { method: 'POST', path: '/health' });
  assert.equal(res.status, 405);
  assert.equal(res.headers.allow, 'GET, HEAD');
  assert.deepEqual(res.json, { error: 'method not allowed', method: 'POST', path: '/health', allow: 'GET, HEAD' });
});

test('HEAD / answers 200 with headers and no body', async (t) => {
  const { port } = await serve(t);
  const res = await request(port, { method: 'HEAD', path: '/' });
  assert.equal(res.status, 200);
  assert.equal(res.body, '');
  assert.ok(Number(res.headers['content-length']) > 0);
});

test('each request is logged once with method, path, status and durationMs; a 200 /health only at debug', async (t) => {
  const { port, logsSettled } = await serve(t);
  await request(port, { path: '/?a=1' });
  await request(port, { path: '/health' });
  await request(port, { path: '/missing' });
  const requestLines = (await logsSettled()).filter((entry) => entry.msg === 'request');
  assert.deepEqual(
    requestLines.map(({ level, method, path, status }) => ({ level, method, path, status })),
    [
      { level: 'info', method: 'GET', path: '/', status: 200 },
      { level: 'debug', method: 'GET', path: '/health', status: 200 },
      { level: 'info', method: 'GET', path: '/missing', status: 404 },
    ],
  );
  for (const line of requestLines) {
    assert.equal(typeof line.durationMs, 'number');
    assert.ok(line.durationMs >= 0);
    assert.match(line.time, /^\d{4}-\d\d-\d\dT/);
  }
});

test('/slow does not exist unless ENABLE_TEST_ROUTES=1', async (t) => {
  const { port } = await serve(t);
  const res = await request(port, { path: '/slow?ms=1' });
  assert.equal(res.status, 404);
});

test('/slow (test-only) waits and answers, and rejects a bad ms', async (t) => {
  const { port } = await serve(t, { env: { ENABLE_TEST_ROUTES: '1' } });
  const started = Date.now();
  const ok = await request(port, { path: '/slow?ms=50' });
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.json, { sleptMs: 50 });
  assert.ok(Date.now() - started >= 45, 'the response came after the requested delay');
  for (const bad of ['', 'abc', '-1', '60001']) {
    const res = await request(port, { path: `/slow?ms=${bad}` });
    assert.equal(res.status, 400, `ms=${bad}`);
    assert.match(res.json.error, /ms must be an integer from 0 to 60000/);
  }
});

test('a handler that throws gives 500 JSON and an error log line, not a crash', async (t) => {
  const routes = new Map([
    ['/boom', { GET: () => { throw new Error('kaboom'); } }],
  ]);
  const { port, logsSettled } = await serve(t, { routes });
  const res = await request(port, { path: '/boom' });
  assert.equal(res.status, 500);
  assert.deepEqual(res.json, { error: 'internal error' });
  const failure = (await logsSettled()).find((entry) => entry.msg === 'request failed');
  assert.ok(failure, 'an error line was logged');
  assert.equal(failure.level, 'error');
  assert.equal(failure.err.message, 'kaboom');
});

test('splitUrl keeps a leading // as part of the path instead of reading it as a host', () => {
  assert.deepEqual(splitUrl('//evil.example/x').path, '//evil.example/x');
  assert.equal(splitUrl('/a?b=1&c=2').path, '/a');
  assert.equal(splitUrl('/a?b=1&c=2').query.get('c'), '2');
});
