import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Store suites create databases and browsers; two cores do not gain from more parallel files.
    maxWorkers: 2,
    testTimeout: 30_000,
    globalSetup: ['test/_util/global-setup.ts'],
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['packages/*/src/**/*.test.tsx'],
        },
      },
    ],
  },
})
