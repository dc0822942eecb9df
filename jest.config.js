/** Jest runs TypeScript through swc (transpile only); `npm run build` does the type-checking. */
const { join } = require('node:path');

// @swc/core unpacks its native binding into ~/.cache/swc-native-0 unless told where. Set here, before jest
// loads the transformer (it does so before globalSetup): the binding stays with the project's other caches.
process.env.SWC_NATIVE_BINDING_CACHE ||= join(__dirname, 'node_modules', '.cache', 'swc-native');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Policy fixtures are source files the gate reads, not tests to run.
  testPathIgnorePatterns: ['/node_modules/', '/__tests__/fixtures/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  // A private temporary and home directory per run; the run fails if the tests leave anything in them.
  globalSetup: '<rootDir>/__tests__/hermetic/setup.js',
  globalTeardown: '<rootDir>/__tests__/hermetic/teardown.js',
  // Jest's own transform cache stays with the project, not in the temporary directory.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  testTimeout: 120000,
};
