'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { loadConfig, ConfigError, DEFAULTS } = require('../src/config');

test('an empty environment gives the documented defaults', () => {
  assert.deepEqual(
    { ...loadConfig({}) },
    {
      port: 3000,
      host: '0.0.0.0',
      serviceName: 'sample-app',
      version: 'dev',
      environment: 'development',
      shutdownTimeoutMs: 25000,
      logLevel: 'info',
      enableTestRoutes: false,
    },
  );
  assert.equal(DEFAULTS.port, 3000);
});

test('every variable is read', () => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '127.0.0.1',
    SERVICE_NAME: 'orders',
    APP_VERSION: '1.2.3',
    APP_ENV: 'prod',
    SHUTDOWN_TIMEOUT_MS: '1000',
    LOG_LEVEL: 'DEBUG',
    ENABLE_TEST_ROUTES: '1',
  });
  assert.deepEqual(
    { ...config },
    {
      port: 8080,
      host: '127.0.0.1',
      serviceName: 'orders',
      version: '1.2.3',
      environment: 'prod',
      shutdownTimeoutMs: 1000,
      logLevel: 'debug',
      enableTestRoutes: true,
    },
  );
});

test('blank values fall back to the defaults', () => {
  const config = loadConfig({ PORT: '  ', SERVICE_NAME: '', APP_VERSION: ' ' });
  assert.equal(config.port, 3000);
  assert.equal(config.serviceName, 'sample-app');
  assert.equal(config.version, 'dev');
});

test('PORT accepts the whole range 0..65535', () => {
  assert.equal(loadConfig({ PORT: '0' }).port, 0);
  assert.equal(loadConfig({ PORT: '65535' }).port, 65535);
});

for (const bad of ['abc', '-1', '65536', '3000abc', '1.5', '3e3', '0x50']) {
  test(`PORT=${JSON.stringify(bad)} is rejected with a message naming the variable and the value`, () => {
    assert.throws(
      () => loadConfig({ PORT: bad }),
      (err) =>
        err instanceof ConfigError &&
        err.message === `PORT must be an integer from 0 to 65535; received ${JSON.stringify(bad)}`,
    );
  });
}

for (const bad of ['0', 'soon', '-5', '600001']) {
  test(`SHUTDOWN_TIMEOUT_MS=${JSON.stringify(bad)} is rejected`, () => {
    assert.throws(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: bad }), {
      name: 'ConfigError',
      message: `SHUTDOWN_TIMEOUT_MS must be an integer from 1 to 600000; received ${JSON.stringify(bad)}`,
    });
  });
}

test('LOG_LEVEL must be a known level', () => {
  assert.throws(() => loadConfig({ LOG_LEVEL: 'verbose' }), {
    name: 'ConfigError',
    message: 'LOG_LEVEL must be one of debug, info, warn, error; received "verbose"',
  });
});

test('test routes are enabled only by ENABLE_TEST_ROUTES=1 exactly', () => {
  assert.equal(loadConfig({ ENABLE_TEST_ROUTES: '1' }).enableTestRoutes, true);
  for (const value of ['0', 'true', 'yes', '']) {
    assert.equal(loadConfig({ ENABLE_TEST_ROUTES: value }).enableTestRoutes, false, `ENABLE_TEST_ROUTES=${value}`);
  }
});
