// @ts-check
/**
 * `npm run lint`: eslint over the code (src, scripts, tests, configuration), never data/ or
 * templates/, which are the users'. Formatting is prettier's (`npm run format`); eslint judges
 * what formatting cannot: the layering of src/lib and mistakes in code.
 */
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.astro/', 'test-results/', 'screenshots/', 'data/', 'templates/', 'public/pagefind/', '.staging/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused names are mistakes, except a deliberately ignored `_name`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Control characters in regular expressions are what the data checks look for.
      'no-control-regex': 'off',
    },
  },
  {
    // The core knows nothing of Astro, the pages, the scripts or the tests: it is imported, never importing.
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['astro', 'astro:*', 'astro/*'], message: 'src/lib is the pure core: no Astro.' },
            { group: ['../../*', '!../../lib/*'], message: 'src/lib imports only within src/lib (a page, a component or a script is above it).' },
            {
              group: ['**/site.ts', '**/integration.ts', '**/components/*', '**/pages/*', '**/layouts/*', '**/scripts/*'],
              message: 'src/lib imports only within src/lib.',
            },
          ],
        },
      ],
    },
  },
  {
    // The unit tier is pure (vitest.config.ts): no files, git, child processes, workers or network,
    // and never the data in data/. A test that needs them belongs to tests/loader/ or above.
    files: ['tests/unit/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'fs/promises', 'child_process', 'worker_threads', 'net', 'http', 'https'].flatMap((name) => [
            { name, message: 'The unit tier is pure: move a test that needs this to tests/loader/.' },
            { name: `node:${name}`, message: 'The unit tier is pure: move a test that needs this to tests/loader/.' },
          ]),
          patterns: [
            {
              group: [
                '**/helpers/data-fixture.ts',
                '**/helpers/processes.ts',
                '**/helpers/build-site.ts',
                '**/helpers/sample-site.ts',
                '**/helpers/chromium.ts',
                '**/helpers/nginx.ts',
              ],
              message: 'These helpers write files or start processes: the test belongs to tests/loader/ or above.',
            },
            {
              group: [
                '**/load/load-site-data.ts',
                '**/news/template-sandbox.ts',
                '**/news/try-articles.ts',
                '**/history/git-history.ts',
                '**/history/provenance.ts',
              ],
              message: 'This reads files, runs git or starts a child: the test belongs to tests/loader/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['public/**/*.js', 'src/scripts/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
