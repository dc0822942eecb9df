'use strict';

/**
 * The request handler: routing, 404/405, JSON responses, per-request log lines, and the two things
 * a response must do differently during shutdown.
 */

/**
 * @param {{
 *   routes: ReturnType<typeof import('./routes').createRoutes>,
 *   logger: ReturnType<typeof import('./logger').createLogger>,
 *   isShuttingDown: () => boolean,
 * }} deps
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
function createApp({ routes, logger, isShuttingDown }) {
  function send(res, status, body, extraHeaders = {}) {
    // The client may have gone away while a slow handler ran; writing then would throw or be lost.
    if (res.headersSent || res.destroyed) return;
    const payload = JSON.stringify(body);
    const headers = {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(payload),
      'Cache-Control': 'no-store',
      ...extraHeaders,
    };
    // Decided when the response is written, not when the request arrived: a request that started
    // before SIGTERM and finishes after it must still close its keep-alive connection, or that idle
    // connection would hold the server open until the shutdown deadline.
    if (isShuttingDown()) headers.Connection = 'close';
    res.writeHead(status, headers);
    res.end(payload);
  }

  async function dispatch(req, path, query) {
    const methods = routes.get(path);
    if (!methods) return { status: 404, body: { error: 'not found', path } };
    const handler = methods[req.method];
    if (!handler) {
      const allow = Object.keys(methods).join(', ');
      return { status: 405, body: { error: 'method not allowed', method: req.method, path, allow }, headers: { Allow: allow } };
    }
    return handler({ query });
  }

  return function handle(req, res) {
    const startedAt = process.hrtime.bigint();
    const { path, query } = splitUrl(req.url);
    const method = req.method;
    logger.debug('request received', { method, path });

    res.on('close', () => {
      const durationMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
      const fields = { method, path, status: res.statusCode, durationMs: Math.round(durationMs * 100) / 100 };
      if (!res.writableFinished) {
        logger.warn('request aborted by client', fields);
      } else if (path === '/health' && res.statusCode === 200) {
        // Load balancer and container health checks hit this every few seconds; at info level they
        // would drown the useful lines (and cost CloudWatch ingestion). Set LOG_LEVEL=debug to see them.
        logger.debug('request', fields);
      } else {
        logger.info('request', fields);
      }
    });

    dispatch(req, path, query)
      .then((result) => send(res, result.status, result.body, result.headers))
      .catch((err) => {
        logger.error('request failed', { method, path, err });
        send(res, 500, { error: 'internal error' });
      });
  };
}

/**
 * Splits the request target into path and query without `new URL(req.url, base)`, which would read a
 * path like `//x` as a host name and route it to `/`. The query is kept out of logs: query strings
 * often carry tokens.
 */
function splitUrl(url = '/') {
  const q = url.indexOf('?');
  return q === -1
    ? { path: url, query: new URLSearchParams() }
    : { path: url.slice(0, q), query: new URLSearchParams(url.slice(q + 1)) };
}

module.exports = { createApp, splitUrl };
