// The size budgets, gzipped (node zlib level 9):
// - the release build's wasm + js + css stays within 300 KB (issue 4's budget, as it is worded);
// - each language's text catalog (lang/en.txt, lang/zh.txt: the page fetches the one it shows)
//   stays within 12.5 KB, so the strings cannot grow unnoticed.
// What a reader downloads to see the page is the sum of the two (the code and one catalog); the
// test prints it, and BENCHMARKS.md records it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join, extname } from 'node:path';
import { dist } from '../lib/harness.js';

const CODE_BUDGET = 300 * 1000;
const CATALOG_BUDGET = 12.5 * 1000;
const gz = async (path) => gzipSync(await readFile(path), { level: 9 }).length;

test('dist/ wasm + js + css is at most 300 KB gzipped, each language catalog at most 12.5 KB', async (t) => {
  const files = (await readdir(dist)).filter((f) => ['.wasm', '.js', '.css'].includes(extname(f)));
  assert.ok(files.some((f) => f.endsWith('.wasm')), 'a wasm file is built');
  let code = 0;
  const sizes = {};
  for (const f of files) {
    sizes[f] = await gz(join(dist, f));
    code += sizes[f];
  }
  assert.ok(code <= CODE_BUDGET, `wasm + js + css: ${code} bytes gzipped (${JSON.stringify(sizes)}) is over the ${CODE_BUDGET}-byte budget`);
  const catalogs = (await readdir(join(dist, 'lang'))).filter((f) => f.endsWith('.txt')).sort();
  assert.deepEqual(catalogs, ['en.txt', 'zh.txt'], 'both language catalogs are built');
  for (const f of catalogs) {
    const size = await gz(join(dist, 'lang', f));
    assert.ok(size <= CATALOG_BUDGET, `lang/${f}: ${size} bytes gzipped is over the ${CATALOG_BUDGET}-byte budget`);
    t.diagnostic(`first load in ${f.slice(0, 2)}: ${code + size} B (code ${code} + lang/${f} ${size})`);
  }
});
