// Trunk post-build hook (Trunk.toml): minify the release build's JS glue with terser (e2e's
// npm packages), since Trunk's own minifier cannot parse it (it stops at `export default`); the
// later module's glue (dist/later/) likewise.
// index.html's integrity hash is updated to match.
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const { minify } = createRequire(new URL('../e2e/package.json', import.meta.url))('terser');
const dir = process.env.TRUNK_STAGING_DIR;
const html = join(dir, 'index.html');
let page = await readFile(html, 'utf8');
const sri = (text) => createHash('sha384').update(text).digest('base64');

// The page's glue, and the later module's (an ES module too, imported by the page later).
const glue = [
  ...(await readdir(dir)).filter((f) => f.endsWith('.js')),
  ...(await readdir(join(dir, 'later'))).filter((f) => f.endsWith('.js')).map((f) => join('later', f)),
];
for (const name of glue) {
  const file = join(dir, name);
  const before = await readFile(file, 'utf8');
  // An ES module: top-level names may be renamed, exports keep theirs.
  const { code } = await minify(before, { module: true, compress: { passes: 2 }, mangle: true });
  const after = code + '\n';
  const old = `sha384-${sri(before)}`;
  if (page.includes(old)) page = page.replace(old, `sha384-${sri(after)}`);
  await writeFile(file, after);
}
await writeFile(html, page);
