// @ts-check
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import tseslint from 'typescript-eslint';

const SDKS = ['@aws-sdk/*', 'better-sqlite3', 'ioredis'];
const RUNTIME_PLUMBING = ['@middy/*', '@aws-lambda-powertools/*', 'aws-lambda'];
const restrict = (patterns, message) => ['error', { patterns: [{ group: patterns, message }] }];

/** Dependency directions from docs/architecture (ARCHITECTURE.md): enforced, not hoped for. */
const zones = [
  { target: './shared', from: ['./functions', './bin', './lib'], message: 'shared/ is imported by handlers and CDK, never the other way round.' },
  { target: './functions', from: ['./bin', './lib'], message: 'Handlers do not depend on the CDK app or the runners.' },
  { target: ['./bin', './lib', './functions', './shared', './bench', './scripts'], from: './test', message: 'Nothing imports test/.' },
  {
    target: './lib',
    from: './shared',
    except: ['./sre', './api', './store/tables.ts'],
    message: 'CDK reads only the definitions in shared/ (SLOs, route table, tables), never runtime code.',
  },
  ...['trading', 'auth', 'admin', 'health'].map((area) => ({
    target: `./functions/${area}`,
    from: './functions',
    except: [`./${area}`],
    message: 'A handler never imports another area.',
  })),
];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'coverage/', 'reports/', '.stryker-tmp/', '.fundcast/'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './.config/tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones }],
      'no-restricted-imports': restrict(SDKS, 'Only shared/adapters talks to SDKs and database drivers.'),
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['shared/trading/**', 'shared/resilience/**', 'shared/sre/**', 'shared/cache/policy/**'],
    rules: {
      'no-restricted-imports': restrict([...SDKS, ...RUNTIME_PLUMBING], 'Domain code is pure: no SDK, middy, Powertools or Lambda types.'),
    },
  },
  { files: ['shared/adapters/**', 'test/**', 'bench/**', 'scripts/**'], rules: { 'no-restricted-imports': 'off' } },
);
