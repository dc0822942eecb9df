'use strict';

/**
 * The route table: path → method → handler.
 *
 * A handler receives `{ query }` (URLSearchParams) and returns, or resolves to, `{ status, body }`.
 * Handlers never touch the response object, so writing, headers, shutdown behaviour and logging live
 * in one place (app.js) and a handler stays a small function that is easy to read and test.
 */

const { setTimeout: sleep } = require('node:timers/promises');

/** Upper bound for the test-only /slow route, so a typo cannot park a request for hours. */
const MAX_SLOW_MS = 60000;

/**
 * @param {{ config: ReturnType<typeof import('./config').loadConfig>, isShuttingDown: () => boolean }} deps
 * @returns {Map<string, Record<string, (ctx: { query: URLSearchParams }) => any>>}
 */
function createRoutes({ config, isShuttingDown }) {
  const routes = new Map();

  routes.set('/', {
    GET: () => ({
      status: 200,
      body: { service: config.serviceName, version: config.version, environment: config.environment },
    }),
  });

  // Used by the ALB target group and the container health check. 503 while shutting down so anything
  // still probing stops sending traffic here before the process goes away.
  routes.set('/health', {
    GET: () =>
      isShuttingDown()
        ? { status: 503, body: { status: 'shutting-down' } }
        : { status: 200, body: { status: 'ok' } },
  });

  if (config.enableTestRoutes) {
    // TEST-ONLY (ENABLE_TEST_ROUTES=1): answers after `ms` milliseconds, so the shutdown tests can keep
    // a real request in flight while SIGTERM arrives. Not registered at all otherwise.
    routes.set('/slow', {
      GET: async ({ query }) => {
        const raw = query.get('ms') ?? '';
        if (!/^\d+$/.test(raw) || Number(raw) > MAX_SLOW_MS) {
          return { status: 400, body: { error: `ms must be an integer from 0 to ${MAX_SLOW_MS}`, received: raw } };
        }
        await sleep(Number(raw));
        return { status: 200, body: { sleptMs: Number(raw) } };
      },
    });
  }

  // HEAD answers like GET without a body (node:http drops the body of a HEAD response itself).
  for (const methods of routes.values()) methods.HEAD = methods.GET;
  return routes;
}

module.exports = { createRoutes, MAX_SLOW_MS };
