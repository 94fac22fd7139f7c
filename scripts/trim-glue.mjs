// Trunk post-build hook (Trunk.toml): shorten the release build's JS glue, which Trunk's own
// minifier cannot parse (it stops at `export default`). Only what is safe without a parser goes:
// leading indentation, blank lines, and lines that are wholly a comment. A file with a template
// literal spanning lines is left as it is. index.html's integrity hash is updated to match.
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const dir = process.env.TRUNK_STAGING_DIR;
const html = join(dir, 'index.html');
let page = await readFile(html, 'utf8');
const sri = (text) => createHash('sha384').update(text).digest('base64');

for (const name of (await readdir(dir)).filter((f) => f.endsWith('.js'))) {
  const file = join(dir, name);
  const before = await readFile(file, 'utf8');
  const lines = before.split('\n');
  if (lines.some((l) => (l.match(/`/g) || []).length % 2 === 1 && !l.trimStart().startsWith('//'))) continue;
  const kept = [];
  let inComment = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (inComment) {
      if (line.includes('*/')) inComment = false;
      if (!line.endsWith('*/')) kept.push(line.slice(line.indexOf('*/') + 2).trim());
      continue;
    }
    if (line.startsWith('/*') && !line.includes('*/')) {
      inComment = true;
      continue;
    }
    if (line === '' || line.startsWith('//') || (line.startsWith('/*') && line.endsWith('*/'))) continue;
    kept.push(line);
  }
  const after = kept.filter((l) => l !== '').join('\n') + '\n';
  const old = `sha384-${sri(before)}`;
  if (page.includes(old)) page = page.replace(old, `sha384-${sri(after)}`);
  await writeFile(file, after);
}
await writeFile(html, page);
