// The size budget: what a reader downloads to see the page, gzipped, stays within 300 KB: the
// release build's wasm + js + css, and the text catalog of the language shown (lang/en.txt or
// lang/zh.txt: the page fetches one; the larger is counted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join, extname } from 'node:path';
import { dist } from '../lib/harness.js';

const BUDGET = 300 * 1000;
const gz = async (path) => gzipSync(await readFile(path), { level: 9 }).length;

test('dist/ wasm + js + css + one language catalog is at most 300 KB gzipped', async () => {
  const files = (await readdir(dist)).filter((f) => ['.wasm', '.js', '.css'].includes(extname(f)));
  assert.ok(files.some((f) => f.endsWith('.wasm')), 'a wasm file is built');
  let total = 0;
  const sizes = {};
  for (const f of files) {
    sizes[f] = await gz(join(dist, f));
    total += sizes[f];
  }
  const catalogs = (await readdir(join(dist, 'lang'))).filter((f) => f.endsWith('.txt'));
  assert.deepEqual(catalogs.sort(), ['en.txt', 'zh.txt'], 'both language catalogs are built');
  let largest = 0;
  for (const f of catalogs) {
    sizes[`lang/${f}`] = await gz(join(dist, 'lang', f));
    largest = Math.max(largest, sizes[`lang/${f}`]);
  }
  total += largest;
  assert.ok(total <= BUDGET, `${total} bytes gzipped (${JSON.stringify(sizes)}) is over the ${BUDGET}-byte budget`);
});
