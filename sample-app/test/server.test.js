'use strict';

// The real entry point (`node src/server.js`) as a child process on 127.0.0.1 and an OS-chosen port,
// driven over HTTP and with real signals. Every wait is bounded (see test-support/server-process.js).

const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { startServer, spawnServer, request } = require('../test-support/server-process');

test('serves /, /health, 404 and 405 and logs JSON lines; SIGTERM when idle exits 0', { timeout: 15000 }, async (t) => {
  const server = await startServer({ SERVICE_NAME: 'orders', APP_VERSION: '1.2.3', APP_ENV: 'staging' });
  t.after(server.kill);

  const listening = server.logs.find((entry) => entry.msg === 'listening');
  assert.equal(listening.level, 'info');
  assert.equal(listening.host, '127.0.0.1');
  assert.ok(Number.isInteger(server.port) && server.port > 0, `bound port logged: ${server.port}`);

  const root = await request(server.port, { path: '/' });
  assert.equal(root.status, 200);
  assert.deepEqual(root.json, { service: 'orders', version: '1.2.3', environment: 'staging' });

  const health = await request(server.port, { path: '/health' });
  assert.equal(health.status, 200);
  assert.deepEqual(health.json, { status: 'ok' });

  const missing = await request(server.port, { path: '/does-not-exist' });
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.json, { error: 'not found', path: '/does-not-exist' });

  const wrongMethod = await request(server.port, { method: 'DELETE', path: '/' });
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.headers.allow, 'GET, HEAD');

  const logged = await server.waitForLog((e) => e.msg === 'request' && e.status === 405);
  assert.equal(logged.method, 'DELETE');
  assert.equal(logged.path, '/');
  assert.equal(typeof logged.durationMs, 'number');
  assert.deepEqual(
    server.logs.filter((e) => 'notJson' in e),
    [],
    'every stdout line is a JSON object',
  );

  server.signal('SIGTERM');
  assert.deepEqual(await server.waitForExit(5000), { code: 0, signal: null });
});

test('test-only routes are off by default', { timeout: 10000 }, async (t) => {
  const server = await startServer();
  t.after(server.kill);
  const res = await request(server.port, { path: '/slow?ms=1' });
  assert.equal(res.status, 404);
});

for (const [name, env, message] of [
  ['PORT is not a number', { PORT: 'http' }, 'invalid configuration: PORT must be an integer from 0 to 65535; received "http"'],
  ['PORT is out of range', { PORT: '70000' }, 'invalid configuration: PORT must be an integer from 0 to 65535; received "70000"'],
  ['LOG_LEVEL is unknown', { LOG_LEVEL: 'chatty' }, 'invalid configuration: LOG_LEVEL must be one of debug, info, warn, error; received "chatty"'],
]) {
  test(`exits 1 with a clear message when ${name}`, { timeout: 10000 }, async (t) => {
    const server = spawnServer(env);
    t.after(server.kill);
    const { code } = await server.waitForExit(5000);
    assert.equal(code, 1);
    assert.deepEqual(
      server.logs.map(({ level, msg }) => ({ level, msg })),
      [{ level: 'error', msg: message }],
    );
  });
}

test('exits 1 when the port is already taken', { timeout: 10000 }, async (t) => {
  const first = await startServer();
  t.after(first.kill);
  const second = spawnServer({ PORT: String(first.port) });
  t.after(second.kill);
  const { code } = await second.waitForExit(5000);
  assert.equal(code, 1);
  const line = second.logs.find((e) => e.msg === 'server error; exiting');
  assert.ok(line, 'the failure was logged');
  assert.equal(line.err.code, 'EADDRINUSE');
});

test('SIGTERM during a slow request: the request finishes with 200, new connections are turned away, exit 0', { timeout: 20000 }, async (t) => {
  const server = await startServer({ ENABLE_TEST_ROUTES: '1', LOG_LEVEL: 'debug', SHUTDOWN_TIMEOUT_MS: '10000' });
  t.after(server.kill);

  // An idle keep-alive connection: unless shutdown closes it, the server stays open until the 65 s
  // keep-alive timeout, the 10 s deadline fires first and the process exits 1.
  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => keepAlive.destroy());
  assert.equal((await request(server.port, { path: '/health', agent: keepAlive })).status, 200);

  const slowMs = 2000;
  const slow = request(server.port, { path: `/slow?ms=${slowMs}`, timeoutMs: 10000 });
  await server.waitForLog((e) => e.msg === 'request received' && e.path === '/slow');

  server.signal('SIGTERM');
  await server.waitForLog((e) => e.msg === 'shutdown started' && e.signal === 'SIGTERM');

  // During shutdown a new health check is either refused (the listener is closed) or told 503.
  const probe = await request(server.port, { path: '/health' }).then(
    (res) => ({ status: res.status, body: res.json }),
    (err) => ({ error: err.code }),
  );
  assert.ok(
    probe.error === 'ECONNREFUSED' || (probe.status === 503 && probe.body.status === 'shutting-down'),
    `expected a refused connection or 503 during shutdown; got ${JSON.stringify(probe)}`,
  );

  const res = await slow;
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { sleptMs: slowMs });
  assert.equal(res.headers.connection, 'close', 'a response written during shutdown closes its connection');

  assert.deepEqual(await server.waitForExit(8000), { code: 0, signal: null });

  // The order proves the request really was in flight when the signal arrived.
  const order = (predicate) => server.logs.findIndex(predicate);
  const started = order((e) => e.msg === 'shutdown started');
  const finished = order((e) => e.msg === 'request' && e.path === '/slow');
  const complete = order((e) => e.msg === 'shutdown complete');
  assert.ok(started !== -1 && finished !== -1 && complete !== -1, 'all three lines were logged');
  assert.ok(started < finished && finished < complete, `log order: started ${started}, finished ${finished}, complete ${complete}`);
  assert.equal(server.logs[finished].status, 200);
});

test('when a request outlasts SHUTDOWN_TIMEOUT_MS the process exits 1 at the deadline', { timeout: 15000 }, async (t) => {
  const server = await startServer({ ENABLE_TEST_ROUTES: '1', LOG_LEVEL: 'debug', SHUTDOWN_TIMEOUT_MS: '300' });
  t.after(server.kill);

  const slow = request(server.port, { path: '/slow?ms=30000', timeoutMs: 10000 }).catch((err) => err);
  await server.waitForLog((e) => e.msg === 'request received' && e.path === '/slow');

  const signalledAt = Date.now();
  server.signal('SIGTERM');
  assert.deepEqual(await server.waitForExit(5000), { code: 1, signal: null });
  const took = Date.now() - signalledAt;
  assert.ok(took >= 250 && took < 5000, `exited ${took} ms after SIGTERM; expected about 300`);
  assert.ok(server.logs.some((e) => e.level === 'error' && e.msg === 'shutdown deadline passed with requests still open; forcing exit'));
  assert.ok((await slow) instanceof Error, 'the cut-off request failed on the client side');
});

test('SIGINT (Ctrl-C) shuts down the same way', { timeout: 10000 }, async (t) => {
  const server = await startServer();
  t.after(server.kill);
  server.signal('SIGINT');
  assert.deepEqual(await server.waitForExit(5000), { code: 0, signal: null });
  assert.ok(server.logs.some((e) => e.msg === 'shutdown started' && e.signal === 'SIGINT'));
});
