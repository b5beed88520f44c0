import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**', '**/*.schema.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // Tests build broken documents on purpose.
    files: ['tests/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The catalog domain is shared by browser and server: it must not reach for either, from any
    // folder depth (tests/lint/catalogGuard.test.ts proves the guard fires).
    files: ['catalog/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(react|react-dom|three|express|kysely|better-sqlite3|pg|pino|nodemailer|pdfkit|exceljs)(/.*)?$',
              message: 'catalog/ is pure: no UI, HTTP or database packages',
            },
            { regex: '^node:', message: 'catalog/ runs in the browser too: no Node built-ins' },
            {
              regex: '^(\\.\\./)+(server|client|scripts|tests)(/|$)',
              message: 'catalog/ is imported by the client and the server, never the other way round',
            },
          ],
        },
      ],
    },
  },
);
