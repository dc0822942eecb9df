'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { createLogger } = require('../src/logger');

const FIXED = new Date('2026-01-02T03:04:05.678Z');

function capture(level) {
  const lines = [];
  const logger = createLogger({ level, stream: { write: (chunk) => lines.push(chunk) }, now: () => FIXED });
  return { logger, lines };
}

test('writes one JSON object per line with time, level, msg and the fields', () => {
  const { logger, lines } = capture('info');
  logger.info('request', { method: 'GET', path: '/', status: 200, durationMs: 1.5 });
  assert.equal(lines.length, 1);
  assert.ok(lines[0].endsWith('\n'));
  assert.equal(lines[0].indexOf('\n'), lines[0].length - 1, 'exactly one newline, at the end');
  assert.deepEqual(JSON.parse(lines[0]), {
    time: '2026-01-02T03:04:05.678Z',
    level: 'info',
    msg: 'request',
    method: 'GET',
    path: '/',
    status: 200,
    durationMs: 1.5,
  });
});

test('drops entries below the configured level', () => {
  const { logger, lines } = capture('warn');
  logger.debug('d');
  logger.info('i');
  logger.warn('w');
  logger.error('e');
  assert.deepEqual(
    lines.map((line) => JSON.parse(line).level),
    ['warn', 'error'],
  );
});

test('a field cannot overwrite time, level or msg', () => {
  const { logger, lines } = capture('debug');
  logger.warn('real message', { msg: 'fake', level: 'debug', time: 'never', extra: true });
  assert.deepEqual(JSON.parse(lines[0]), {
    time: '2026-01-02T03:04:05.678Z',
    level: 'warn',
    msg: 'real message',
    extra: true,
  });
});

test('errors keep their name, message and stack', () => {
  const { logger, lines } = capture('info');
  const err = Object.assign(new TypeError('boom'), { code: 'E_BOOM' });
  logger.error('failed', { err });
  const { err: logged } = JSON.parse(lines[0]);
  assert.equal(logged.name, 'TypeError');
  assert.equal(logged.message, 'boom');
  assert.equal(logged.code, 'E_BOOM');
  assert.match(logged.stack, /TypeError: boom/);
});

test('an unknown level is refused', () => {
  assert.throws(() => createLogger({ level: 'loud' }), /unknown log level "loud"/);
});
