/** Jest runs TypeScript through swc (transpile only); `npm run build` does the type-checking. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Policy fixtures are source files the gate reads, not tests to run.
  testPathIgnorePatterns: ['/node_modules/', '/__tests__/fixtures/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  testTimeout: 120000,
};
