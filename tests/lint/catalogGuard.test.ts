import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });
const lint = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
};

describe('the guard that keeps catalog/ pure', () => {
  it('refuses server, client, Node and UI imports at every folder depth', async () => {
    const cases: [string, string][] = [
      ['catalog/index.ts', "export { x } from '../server/app.js';"],
      ['catalog/rules/evaluateChoices.ts', "export { x } from '../../server/db/database.js';"],
      ['catalog/rules/deep/more/file.ts', "export { x } from '../../../../client/state/viewStore.js';"],
      ['catalog/flow/x.ts', "import { readFileSync } from 'node:fs'; export const y = readFileSync;"],
      ['catalog/schema/x.ts', "import * as T from 'three'; export const y = T;"],
      ['catalog/schema/y.ts', "import * as T from 'three/examples/jsm/loaders/GLTFLoader.js'; export const y = T;"],
      ['catalog/pricing/x.ts', "import express from 'express'; export const y = express;"],
    ];
    for (const [file, code] of cases) expect(await lint(file, code), `${file}: ${code}`).toHaveLength(1);
  });

  it('lets catalog files import each other and zod', async () => {
    expect(await lint('catalog/rules/x.ts', "export { z } from 'zod'; export { evaluate } from './evaluate.js';")).toEqual([]);
    expect(await lint('catalog/flow/x.ts', "export { parseProduct } from '../schema/product.js';")).toEqual([]);
    // Outside catalog/ the rule does not apply.
    expect(await lint('server/x.ts', "export { x } from '../client/app.js';")).toEqual([]);
  });
});
