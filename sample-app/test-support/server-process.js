'use strict';

/**
 * Test helpers that run the real server (`node src/server.js`) as a child process on 127.0.0.1 and a
 * free port, read its JSON log lines, and make HTTP requests to it. Every wait has a timeout, so a
 * broken server fails a test with a message instead of hanging the run.
 *
 * These live outside test/ because `node --test test/` runs every .js file under test/ as a test file.
 */

const { spawn } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');
const readline = require('node:readline');

const SERVER_PATH = path.join(__dirname, '..', 'src', 'server.js');

/**
 * Spawns the server with a minimal environment (not the test runner's, so no stray PORT or LOG_LEVEL
 * leaks in) plus `env`. Resolves once it has logged "listening"; rejects if it exits or stays silent.
 */
async function startServer(env = {}, { startTimeoutMs = 5000 } = {}) {
  const child = spawnServer(env);
  const listening = await child.waitForLog((entry) => entry.msg === 'listening', startTimeoutMs);
  return { ...child, port: listening.port };
}

/** Spawns the server and returns handles to its logs and exit, without waiting for anything. */
function spawnServer(env = {}) {
  const proc = spawn(process.execPath, [SERVER_PATH], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = [];
  const waiters = new Set();
  let stderr = '';
  let exitInfo = null;

  readline.createInterface({ input: proc.stdout }).on('line', (line) => {
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      entry = { notJson: line };
    }
    logs.push(entry);
    for (const waiter of waiters) waiter.check(entry);
  });
  proc.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });

  const exited = new Promise((resolve) => {
    // 'close', not 'exit': it fires after stdout has ended, so no log line can arrive after it.
    proc.on('close', (code, signal) => {
      exitInfo = { code, signal };
      for (const waiter of waiters) waiter.exit();
      resolve(exitInfo);
    });
  });

  const describe = () => `stdout logs:\n${logs.map((l) => JSON.stringify(l)).join('\n')}\nstderr:\n${stderr}`;

  /** Resolves with the first log entry (already seen or future) that matches `predicate`. */
  function waitForLog(predicate, timeoutMs = 5000) {
    const seen = logs.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        check(entry) {
          if (predicate(entry)) done(() => resolve(entry));
        },
        exit() {
          done(() => reject(new Error(`server exited (${JSON.stringify(exitInfo)}) before the expected log line\n${describe()}`)));
        },
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for a log line\n${describe()}`))),
        timeoutMs,
      );
      function done(settle) {
        clearTimeout(timer);
        waiters.delete(waiter);
        settle();
      }
      if (exitInfo) waiter.exit();
      else waiters.add(waiter);
    });
  }

  /** Resolves with `{ code, signal }` when the process exits; rejects (and kills it) after `timeoutMs`. */
  function waitForExit(timeoutMs = 5000) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`server did not exit within ${timeoutMs} ms\n${describe()}`));
      }, timeoutMs);
    });
    return Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
  }

  /** Cleanup for t.after(): kills the process if a failed test left it running. */
  function kill() {
    if (!exitInfo) proc.kill('SIGKILL');
    return exited;
  }

  return { proc, logs, waitForLog, waitForExit, kill, signal: (name) => proc.kill(name), stderr: () => stderr };
}

/**
 * One HTTP request to 127.0.0.1:port. Resolves with `{ status, headers, body, json }` (json is the
 * parsed body, or undefined when it is not JSON); rejects on a network error or after `timeoutMs`.
 * `agent: false` (the default) uses a fresh connection; pass an http.Agent to reuse one.
 */
function request(port, { method = 'GET', path: target = '/', agent = false, timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: target, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => {
        let json;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, body, json });
      });
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`request ${method} ${target} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

module.exports = { startServer, spawnServer, request, SERVER_PATH };
