// @ts-check
/** Mutation testing (`npm run test:mutation`): do the tests notice when the core's code is changed? */
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: '.config/vitest.config.mts' },
  tsconfigFile: '.config/tsconfig.json',
  mutate: [
    'shared/http/**/*.ts',
    'shared/config.ts',
    'shared/store/**/*.ts',
    'shared/adapters/store/sqlite/**/*.ts',
    'shared/trading/**/*.ts',
    'shared/resilience/**/*.ts',
    'shared/sre/**/*.ts',
    'shared/cache/**/*.ts',
    '!**/index.ts',
  ],
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  thresholds: { high: 90, low: 75, break: null },
  concurrency: 2,
  timeoutMS: 30000,
  tempDirName: '.stryker-tmp',
};
