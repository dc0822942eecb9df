'use strict';

// The shutdown sequence against a stand-in server, so each step can be observed without signals.
// The real process, real signals and real sockets are covered in server.test.js.

const test = require('node:test');
const assert = require('node:assert/strict');
const { EventEmitter } = require('node:events');
const { createShutdown, handleSignals } = require('../src/shutdown');
const { createLogger } = require('../src/logger');

function setup({ timeoutMs = 1000 } = {}) {
  const calls = [];
  const server = {
    closeCallback: undefined,
    close(callback) {
      calls.push('close');
      this.closeCallback = callback;
    },
    closeIdleConnections() {
      calls.push('closeIdleConnections');
    },
  };
  const logs = [];
  const logger = createLogger({ level: 'debug', stream: { write: (line) => logs.push(JSON.parse(line)) } });
  let resolveExit;
  const exited = new Promise((resolve) => {
    resolveExit = resolve;
  });
  const exit = (code) => {
    calls.push(`exit ${code}`);
    resolveExit(code);
  };
  return { server, logs, calls, exited, ...createShutdown({ server, logger, timeoutMs, exit }) };
}

test('a signal marks the process as shutting down, closes the server and idle connections, then exits 0', async () => {
  const s = setup();
  assert.equal(s.isShuttingDown(), false);
  s.shutdown('SIGTERM');
  assert.equal(s.isShuttingDown(), true);
  assert.deepEqual(s.calls, ['close', 'closeIdleConnections'], 'no exit while connections are open');
  s.server.closeCallback(); // the last connection closed
  assert.equal(await s.exited, 0);
  assert.deepEqual(
    s.logs.map(({ level, msg, signal }) => ({ level, msg, signal })),
    [
      { level: 'info', msg: 'shutdown started', signal: 'SIGTERM' },
      { level: 'info', msg: 'shutdown complete', signal: undefined },
    ],
  );
});

test('when connections stay open past the deadline it exits 1 and says why', async () => {
  const s = setup({ timeoutMs: 20 });
  s.shutdown('SIGTERM');
  assert.equal(await s.exited, 1);
  assert.equal(s.logs.at(-1).msg, 'shutdown deadline passed with requests still open; forcing exit');
  assert.equal(s.logs.at(-1).level, 'error');
});

test('the deadline is cancelled once the server has closed', async () => {
  const s = setup({ timeoutMs: 20 });
  s.shutdown('SIGTERM');
  s.server.closeCallback();
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(s.calls, ['close', 'closeIdleConnections', 'exit 0'], 'exit was called once, with 0');
});

test('a second signal exits 1 at once', async () => {
  const s = setup();
  s.shutdown('SIGINT');
  s.shutdown('SIGINT');
  assert.equal(await s.exited, 1);
  assert.equal(s.logs.at(-1).msg, 'second shutdown signal; exiting without waiting for open requests');
});

test('a failing server.close exits 1', async () => {
  const s = setup();
  s.shutdown('SIGTERM');
  s.server.closeCallback(Object.assign(new Error('Server is not running.'), { code: 'ERR_SERVER_NOT_RUNNING' }));
  assert.equal(await s.exited, 1);
  assert.equal(s.logs.at(-1).msg, 'server close failed');
});

test('handleSignals routes SIGTERM and SIGINT to shutdown with the signal name', () => {
  const proc = new EventEmitter();
  const received = [];
  handleSignals((signal) => received.push(signal), undefined, proc);
  proc.emit('SIGTERM');
  proc.emit('SIGINT');
  proc.emit('SIGHUP');
  assert.deepEqual(received, ['SIGTERM', 'SIGINT']);
});
