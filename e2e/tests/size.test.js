// The size budget (450 KB gzipped, node zlib level 9): what a reader downloads to see
// the page stays within it: every file dist/index.html loads (its <link> and <script> tags: the
// wasm, its js, the stylesheet, the icon), and the text catalog of the language
// shown (lang/en.txt or lang/zh.txt: the page fetches one), for either language. Files beside
// it that other pages load (the Learn pages' stylesheets and script) are not the page's.
// The import worker (dist/import/) is loaded only when a configuration is imported, and the
// later module's own catalog (lang/later/, share::i18n::later) only when it mounts a part: they
// are not counted, and their sizes are reported beside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join, extname } from 'node:path';
import { dist } from '../lib/harness.js';

const BUDGET = 450 * 1000;
const gz = async (path) => gzipSync(await readFile(path), { level: 9 }).length;

test('dist/ wasm + js + css + one language catalog is at most 450 KB gzipped', async (t) => {
  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:link|script)\b[^>]*?\b(?:href|src)=["']?\.?\/?([^"'\s>]+)/g)]
    .map((m) => m[1])
    .filter((f) => !/^[a-z]+:/.test(f));
  assert.ok(files.some((f) => f.endsWith('.wasm')), `index.html loads a wasm file (${files.join(', ')})`);
  assert.ok(files.some((f) => f.endsWith('.css')), 'and a stylesheet');
  let code = 0;
  const sizes = {};
  for (const f of files) {
    sizes[f] = await gz(join(dist, f));
    code += sizes[f];
  }
  const worker = (await readdir(join(dist, 'import'))).filter((f) => ['.wasm', '.js'].includes(extname(f)));
  assert.ok(worker.some((f) => f.endsWith('.wasm')), 'the import worker is built into dist/import/');
  let lazy = 0;
  for (const f of worker) lazy += await gz(join(dist, 'import', f));
  t.diagnostic(`import worker, loaded on use: ${lazy} B (${worker.join(', ')})`);
  const catalogs = (await readdir(join(dist, 'lang'))).filter((f) => f.endsWith('.txt')).sort();
  assert.deepEqual(catalogs, ['en.txt', 'zh.txt'], 'both language catalogs are built');
  const later = (await readdir(join(dist, 'lang', 'later'))).filter((f) => f.endsWith('.txt')).sort();
  assert.deepEqual(later, ['en.txt', 'zh.txt'], "both of the later module's catalogs are built");
  for (const f of later) {
    t.diagnostic(`lang/later/${f}, loaded with the later module: ${await gz(join(dist, 'lang', 'later', f))} B`);
  }
  for (const f of catalogs) {
    const catalog = await gz(join(dist, 'lang', f));
    const total = code + catalog;
    t.diagnostic(`first load in ${f.slice(0, 2)}: ${total} B (code ${code} + lang/${f} ${catalog})`);
    assert.ok(
      total <= BUDGET,
      `${total} bytes gzipped (${JSON.stringify(sizes)} + lang/${f} ${catalog}) is over the ${BUDGET}-byte budget`,
    );
  }
});
