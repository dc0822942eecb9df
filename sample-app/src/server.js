'use strict';

/**
 * Entry point: read the configuration, wire the parts together, listen, and handle stop signals.
 * Run as `node src/server.js` (the container's exec-form CMD), so node itself receives SIGTERM.
 */

const http = require('node:http');
const { loadConfig, ConfigError } = require('./config');
const { createLogger } = require('./logger');
const { createRoutes } = require('./routes');
const { createApp } = require('./app');
const { createShutdown, handleSignals } = require('./shutdown');

// The ALB keeps idle connections to targets for 60 s by default. If node closed them first (its
// default keep-alive timeout is 5 s) the ALB could reuse a socket node is closing and answer 502.
// So node must wait longer than the ALB; headersTimeout must exceed keepAliveTimeout.
const KEEP_ALIVE_TIMEOUT_MS = 65000;
const HEADERS_TIMEOUT_MS = 66000;

function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // LOG_LEVEL itself may be the invalid value, so this logger uses the default level.
    createLogger().error(`invalid configuration: ${err.message}`);
    process.exit(1);
  }

  const logger = createLogger({ level: config.logLevel });

  process.on('uncaughtException', (err) => {
    logger.error('uncaught exception; exiting', { err });
    process.exit(1);
  });

  const server = http.createServer();
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;

  const { shutdown, isShuttingDown } = createShutdown({ server, logger, timeoutMs: config.shutdownTimeoutMs });
  const routes = createRoutes({ config, isShuttingDown });
  server.on('request', createApp({ routes, logger, isShuttingDown }));

  server.on('error', (err) => {
    // Before listening this is EADDRINUSE/EACCES and the like: nothing can be served, so exit.
    logger.error('server error; exiting', { err, port: config.port, host: config.host });
    process.exit(1);
  });

  server.listen({ port: config.port, host: config.host }, () => {
    const { port } = server.address();
    // Tests start the server on PORT=0 and read the bound port from this line.
    logger.info('listening', {
      host: config.host,
      port,
      service: config.serviceName,
      version: config.version,
      environment: config.environment,
      testRoutes: config.enableTestRoutes,
    });
  });

  handleSignals(shutdown);
}

main();
