'use strict';

/**
 * Reads the service's settings from environment variables, once, at start-up.
 *
 * Every value is validated here so a bad task definition fails fast with a message that names the
 * variable, what was expected and what was received, instead of failing later in an obscure way
 * (for example `listen()` throwing on PORT="30OO", or a NaN timeout that never fires).
 */

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];

/** Defaults, exported so tests (and the Dockerfile contract test) can check against one source. */
const DEFAULTS = Object.freeze({
  port: 3000,
  // 0.0.0.0, not 127.0.0.1: in a container (and in an awsvpc Fargate task) the load balancer reaches
  // the app through the task's network interface, so loopback-only would fail every health check.
  host: '0.0.0.0',
  serviceName: 'sample-app',
  version: 'dev',
  environment: 'development',
  // Below ECS's default stopTimeout of 30 s: we want to exit on our own (and log why) before ECS
  // sends SIGKILL, which would cut in-flight requests without a trace.
  shutdownTimeoutMs: 25000,
  logLevel: 'info',
});

class ConfigError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Returns the variable's value, or undefined when unset or blank (a blank value means "use the default"). */
function read(env, name) {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = String(value).trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Parses a whole decimal integer in [min, max]; rejects "3000abc", "3e3", "-1", "1.5" that parseInt would accept or bend. */
function readInteger(env, name, { min, max, fallback }) {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}; received ${JSON.stringify(env[name])}`);
  }
  return Number(raw);
}

function readOneOf(env, name, allowed, fallback) {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase();
  if (!allowed.includes(value)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}; received ${JSON.stringify(env[name])}`);
  }
  return value;
}

/**
 * Builds the configuration object from an environment (process.env by default).
 * @param {Record<string, string | undefined>} [env]
 * @throws {ConfigError} when a variable is set to an invalid value
 */
function loadConfig(env = process.env) {
  return Object.freeze({
    // 0 is allowed on purpose: the OS picks a free port, which the tests use; the bound port is logged.
    port: readInteger(env, 'PORT', { min: 0, max: 65535, fallback: DEFAULTS.port }),
    host: read(env, 'HOST') ?? DEFAULTS.host,
    serviceName: read(env, 'SERVICE_NAME') ?? DEFAULTS.serviceName,
    version: read(env, 'APP_VERSION') ?? DEFAULTS.version,
    environment: read(env, 'APP_ENV') ?? DEFAULTS.environment,
    shutdownTimeoutMs: readInteger(env, 'SHUTDOWN_TIMEOUT_MS', {
      min: 1,
      max: 600000,
      fallback: DEFAULTS.shutdownTimeoutMs,
    }),
    logLevel: readOneOf(env, 'LOG_LEVEL', LOG_LEVELS, DEFAULTS.logLevel),
    // Test-only routes (GET /slow) exist so tests can hold a request in flight; never set this in a deployment.
    enableTestRoutes: read(env, 'ENABLE_TEST_ROUTES') === '1',
  });
}

module.exports = { loadConfig, ConfigError, DEFAULTS, LOG_LEVELS };
