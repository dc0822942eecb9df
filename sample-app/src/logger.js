'use strict';

/**
 * JSON-lines logger: one object per line on stdout.
 *
 * In ECS the awslogs driver ships each stdout line to CloudWatch Logs as one event, and CloudWatch
 * Logs Insights parses JSON events into fields, so `filter status >= 500` or `stats avg(durationMs)`
 * work without a parsing pattern. A multi-line or plain-text format would lose that.
 */

const { LOG_LEVELS } = require('./config');

const RANK = Object.fromEntries(LOG_LEVELS.map((level, index) => [level, index]));

/**
 * @param {{ level?: string, stream?: { write(chunk: string): unknown }, now?: () => Date }} [options]
 *   `stream` and `now` are injectable so tests can capture output and fix the clock.
 */
function createLogger({ level = 'info', stream = process.stdout, now = () => new Date() } = {}) {
  if (!(level in RANK)) throw new Error(`unknown log level ${JSON.stringify(level)}`);
  const threshold = RANK[level];

  function write(entryLevel, msg, fields) {
    if (RANK[entryLevel] < threshold) return;
    // Drop caller fields named like the fixed ones, so a field called "msg" cannot replace the message.
    const { time: _time, level: _level, msg: _msg, ...rest } = fields ?? {};
    const entry = { time: now().toISOString(), level: entryLevel, msg, ...rest };
    stream.write(`${JSON.stringify(entry, errorReplacer)}\n`);
  }

  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}

/** Error objects serialize to `{}` by default; keep name, message and stack so a crash is diagnosable from the log. */
function errorReplacer(_key, value) {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack, code: value.code };
  }
  return value;
}

module.exports = { createLogger };
