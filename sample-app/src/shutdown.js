'use strict';

/**
 * Graceful shutdown.
 *
 * When ECS stops a task it has already taken the target out of the load balancer; it then sends
 * SIGTERM and, after stopTimeout (30 s by default), SIGKILL. Between the two we must: report
 * unhealthy, stop accepting connections, let requests already running finish, drop idle keep-alive
 * connections (otherwise they keep server.close() waiting for the keep-alive timeout), and exit 0 on
 * our own. If requests are still running at our deadline we exit 1 and say so, which is better than
 * an unexplained SIGKILL.
 */

/**
 * @param {{
 *   server: import('node:http').Server,
 *   logger: ReturnType<typeof import('./logger').createLogger>,
 *   timeoutMs: number,
 *   exit?: (code: number) => void,
 * }} deps `exit` is injectable so the sequence can be tested without ending the test process.
 */
function createShutdown({ server, logger, timeoutMs, exit = (code) => process.exit(code) }) {
  let shuttingDown = false;

  function shutdown(signal) {
    if (shuttingDown) {
      // A second Ctrl-C (or a repeated SIGTERM) means "stop now": do not make a person wait for the deadline.
      logger.warn('second shutdown signal; exiting without waiting for open requests', { signal });
      exit(1);
      return;
    }
    shuttingDown = true;

    const deadline = setTimeout(() => {
      logger.error('shutdown deadline passed with requests still open; forcing exit', { timeoutMs });
      exit(1);
    }, timeoutMs);

    // close() stops accepting new connections at once and calls back when the last open one has closed.
    server.close((err) => {
      clearTimeout(deadline);
      if (err) {
        logger.error('server close failed', { err });
        exit(1);
        return;
      }
      logger.info('shutdown complete');
      exit(0);
    });
    // Connections that are open but have no request running are closed now. Connections with a request
    // in flight finish it; app.js marks those responses `Connection: close` so their sockets close too.
    server.closeIdleConnections();
    // Logged after close(): by the time this line is out, the listening socket is closed and new
    // connections are refused (logged first, a connection racing in would sit in the kernel's accept
    // queue and then be reset instead).
    logger.info('shutdown started', { signal, timeoutMs });
  }

  return { shutdown, isShuttingDown: () => shuttingDown };
}

/** Routes the stop signals to `shutdown`. SIGTERM is what ECS and `docker stop` send; SIGINT is Ctrl-C. */
function handleSignals(shutdown, signals = ['SIGTERM', 'SIGINT'], proc = process) {
  for (const signal of signals) proc.on(signal, () => shutdown(signal));
}

module.exports = { createShutdown, handleSignals };
