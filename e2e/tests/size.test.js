// The size budget: the release build's wasm + js + css, gzipped, stay within 300 KB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join, extname } from 'node:path';
import { dist } from '../lib/harness.js';

const BUDGET = 300 * 1000;

test('dist/ wasm + js + css is at most 300 KB gzipped', async () => {
  const files = (await readdir(dist)).filter((f) => ['.wasm', '.js', '.css'].includes(extname(f)));
  assert.ok(files.some((f) => f.endsWith('.wasm')), 'a wasm file is built');
  let total = 0;
  const sizes = {};
  for (const f of files) {
    const gz = gzipSync(await readFile(join(dist, f)), { level: 9 }).length;
    sizes[f] = gz;
    total += gz;
  }
  assert.ok(total <= BUDGET, `${total} bytes gzipped (${JSON.stringify(sizes)}) is over the ${BUDGET}-byte budget`);
});
