import { defineConfig } from 'vitest/config';

// Tiers are selected by file location: unit tests sit beside nothing but pure code,
// integration tests use test/support helpers that talk to a real Kafka and PostgreSQL.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'adapters/**/*.test.ts', 'contracts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci/out/vitest.json' }]] : ['default'],
  },
});
