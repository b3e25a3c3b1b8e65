/** Jest: ts-jest on the TypeScript sources; real Redis/PostgreSQL are prepared by test/global-setup.ts. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }] },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // A guard against a hang, not a margin: tests wait on conditions (test/helpers/guard.ts), so a busy
  // machine makes them slower, never red.
  testTimeout: 600_000,
  maxWorkers: 2,
};
