// The lookup debugger, the sample keys and the churn view under ?lang=zh: their Chinese texts
// are shown, and the visible text of those sections holds no English words apart from names,
// code and notation (an explicit allowlist), through every hashing strategy's steps to the
// owner, maglev's fill, a removed and a failed server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteAndBrowser, open, screenshotOf, showLookup } from '../lib/harness.js';

// The debugger starts from the playground's servers: a link gives the playground this pool.
const POOL_LINK = `servers=${encodeURIComponent('10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080,10.0.0.4:8080*2')}`;
const env = siteAndBrowser();

const L = (page) => page.locator('section.lookup');
const C = (page) => page.locator('section.churn');
const K = (page) => page.locator('section.sample-keys');

// Words (3+ Latin letters) that may appear in Chinese anywhere: names of algorithms, tools and
// hash functions, key names, the strategies' and the sample keys' own names, and the notation of
// the steps, which name the pseudocode's variables (`points[489]`, `slot = h mod M`, `table[30]`,
// maglev's `offset = 27, skip = 20`).
const ALLOW = new Set([
  'Fulcrum', 'XXH3', 'CRC', 'nginx', 'Maglev', 'maglev', 'Zipf', 'Home', 'End', 'Ctrl', 'Mac',
  'url_hash', 'ip_hash', 'consistent_hash', 'consistent_hash_nginx', 'rendezvous_hash', 'jump_hash',
  'bounded_load_consistent_hash', 'rendezvous_skeleton',
  // The strategies' Chinese names keep these (as the whole page's list does): URL 哈希, Rendezvous 哈希.
  'URL', 'Rendezvous',
  'memento_hash', 'jump_back_hash', 'anchor_hash', 'SplitMix64', 'MementoHash', 'JumpBackHash', 'AnchorHash',
  'multi_probe_hash',
  // nginx's ip_hash reads IPv4 and IPv6 addresses; rendezvous mixes with mix64.
  'IPv4', 'IPv6', 'mix64',
  // What a proxy hashes is the request's URI (nginx's $request_uri), named so in Chinese too.
  'URI',
  'api', 'data', 'img', 'logo', 'png', 'users', 'profile', 'cart', 'item', 'user', 'session',
  'search', 'consistent', 'hashing',
  'points', 'table', 'slot', 'mod', 'offset', 'skip',
]);
// And in the pseudocode (`pre`) only: its keywords and identifiers.
const CODE = new Set([
  'key', 'request', 'uri', 'client_ip', 'header', 'while', 'for', 'else', 'return', 'len', 'mid',
  'index', 'top', 'bits', 'owner', 'eligible', 'score', 'seed', 'tries', 'host',
  'port', 'prev', 'load', 'and', 'best',
]);

/** Every word of 3+ Latin letters in the text (and accessible names) of the three sections. */
async function englishWords(page) {
  return page.evaluate(() => {
    const words = new Map();
    for (const sel of ['section.lookup', 'section.churn', 'section.sample-keys']) {
      for (const root of document.querySelectorAll(sel)) {
        // The text nodes, and the names and values read out to screen readers.
        const texts = [];
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const parent = n.parentElement;
          if (parent && ['SCRIPT', 'STYLE', 'TEXTAREA'].includes(parent.tagName)) continue;
          texts.push([n.data, Boolean(parent.closest('pre'))]);
        }
        for (const e of root.querySelectorAll('[aria-label], [aria-valuetext]')) {
          for (const name of ['aria-label', 'aria-valuetext']) {
            texts.push([e.getAttribute(name) || '', false]);
          }
        }
        for (const [data, code] of texts) {
          // Hex hashes (0x9ef0…) are numbers; a server list's syntax is notation.
          const text = data.replace(/\b0x[0-9a-f]+\b/g, '').replaceAll('host:port[=weight]', '')
            .replace(/\bhost:port(=N|\*N| weight=N)?|\bweight=N\b/g, '');
          for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9_]*/g)) {
            const w = m[0];
            if ((w.match(/[A-Za-z]/g) || []).length < 3) continue;
            const seen = `${code ? 'code' : 'text'} ${w}`;
            if (!words.has(seen)) words.set(seen, data.slice(0, 160));
          }
        }
      }
    }
    return [...words.entries()];
  });
}

const found = new Map();
async function collect(page, where) {
  for (const [w, context] of await englishWords(page)) {
    if (!found.has(w)) found.set(w, `${where}: ${context}`);
  }
}

/** Look up /k/0, /k/1, … until the last step's text matches `sign`; returns that key. */
async function findKey(page, input, sign) {
  for (let i = 0; i < 200; i++) {
    await input.fill(`/k/${i}`);
    await L(page).getByText(/^第 1 步，共 \d+ 步$/).waitFor();
    await L(page).getByRole('button', { name: '下一步', exact: true }).focus();
    await L(page).press('End');
    if (sign.test(await L(page).getByRole('log').innerText())) return `/k/${i}`;
  }
  return null;
}

/** Press "下一步" (next step) until it is disabled, collecting the words of every step. */
async function stepToEnd(page, where) {
  const next = L(page).getByRole('button', { name: '下一步', exact: true });
  for (let i = 0; i < 400 && await next.isEnabled(); i++) {
    await next.click();
    await collect(page, `${where} step ${i + 2}`);
  }
}

test('the debugger and the churn view speak Chinese under ?lang=zh', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?lang=zh&${POOL_LINK}`, { reducedMotion: 'reduce' });
  await showLookup(page);
  await page.getByRole('heading', { name: '哈希查找调试器' }).waitFor();
  await L(page).getByText(/^第 1 步，共 \d+ 步$/).waitFor();
  await C(page).getByRole('heading', { name: '键迁移：服务器变化时哪些键会移动' }).waitFor();
  await K(page).getByRole('heading', { name: '示例键及其归属服务器' }).waitFor();
  await C(page).getByText(/^尚无变更：/).waitFor();
  await collect(page, 'start');

  const strategy = L(page).getByLabel('哈希策略');
  const slugs = await strategy.locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.equal(slugs.length, 13, "the thirteen hashing strategies, rendezvous_skeleton and multi_probe_hash included");
  for (const slug of slugs) {
    await strategy.selectOption(slug);
    await L(page).getByText(/^第 1 步，共 \d+ 步$/).waitFor();
    await collect(page, `${slug} step 1`);
    await stepToEnd(page, slug);
    await L(page).locator('.lookup-owner').waitFor();
    const steps = await L(page).getByRole('log').innerText();
    assert.match(steps, /归属服务器：\S+。|没有归属服务器/, slug);
    await collect(page, `${slug} end`);
  }

  // A removed server under the ring: the summary and the churn matrix.
  await strategy.selectOption('consistent_hash');
  await C(page).getByLabel('服务器', { exact: true }).selectOption('10.0.0.2:8080');
  await C(page).getByRole('button', { name: '移除服务器' }).click();
  await C(page).getByText(/^最近一次变更：移除 10\.0\.0\.2:8080。/).waitFor();
  await C(page).getByRole('table', { name: '键迁移矩阵' }).waitFor();
  await C(page).locator('details summary').click();
  await collect(page, 'removed');
  // A failed server under nginx's ring, stepped to the end; then a weight change.
  await strategy.selectOption('consistent_hash_nginx');
  await C(page).getByLabel('服务器', { exact: true }).selectOption('10.0.0.4:8080');
  await C(page).getByRole('button', { name: '使服务器故障' }).click();
  await C(page).getByText(/^最近一次变更：10\.0\.0\.4:8080 故障。/).waitFor();
  await stepToEnd(page, 'failed');
  await collect(page, 'failed');
  // Some key walks past the failed server's points, named with its status in Chinese.
  const key = L(page).getByLabel('键', { exact: true });
  const walkedPast = await findKey(page, key, /10\.0\.0\.4:8080（点 #\d+）的状态为“不健康”：不能接收请求/);
  assert.ok(walkedPast, 'some key walks past the failed server');
  await collect(page, `failed, ${walkedPast}`);
  await C(page).getByRole('button', { name: '重置服务器池' }).click();
  // Jump hash after a removal: some key lands on a tombstone and hashes again with seed 1.
  await strategy.selectOption('jump_hash');
  await C(page).getByLabel('服务器', { exact: true }).selectOption('10.0.0.2:8080');
  await C(page).getByRole('button', { name: '移除服务器' }).click();
  const rejumped = await findKey(page, key, /XXH3-64（种子 1）\("\/k\/\d+"\) = /);
  assert.ok(rejumped, 'some key jumps again');
  await collect(page, `rejumped, ${rejumped}`);
  await C(page).getByRole('button', { name: '重置服务器池' }).click();
  await strategy.selectOption('consistent_hash_nginx');
  await C(page).getByLabel('服务器', { exact: true }).selectOption('10.0.0.4:8080');
  await C(page).getByRole('button', { name: '使服务器故障' }).click();
  await C(page).getByLabel('新权重').fill('3');
  await C(page).getByLabel('新权重').blur();
  await C(page).getByRole('button', { name: '修改权重' }).click();
  await C(page).getByText(/^最近一次变更：将 \S+ 的权重设为 3。/).waitFor();
  await collect(page, 'weight');
  // A refused server list shows its note in Chinese.
  await L(page).getByLabel('服务器', { exact: true }).fill('10.0.0.1:99999');
  await L(page).getByLabel('服务器', { exact: true }).blur();
  await L(page).getByText(/^服务器：/).first().waitFor();
  await collect(page, 'bad servers');
  await screenshotOf(page.locator('section.lookup'), 'lookup-zh');

  // The walk saw the steps and the pseudocode (names are found, and allowed).
  assert.ok(found.has('text XXH3') && found.has('code while'), [...found.keys()].join(' '));
  const english = [...found.entries()].filter(([seen]) => {
    const [where, w] = seen.split(' ');
    return !ALLOW.has(w) && !(where === 'code' && CODE.has(w));
  });
  assert.deepEqual(english, [], 'English words in the Chinese views');
  assert.deepEqual(errors, []);
  await context.close();
});

test('switching the language rewords the debugger in place, at the same step', async () => {
  const { page, context, errors } = await open(env.browser, `${env.site.url}?lang=zh&key=%2Fimg%2Flogo.png&step=2&${POOL_LINK}`);
  const count = await L(page).getByText(/^第 3 步，共 \d+ 步$/).textContent();
  const [, steps] = /共 (\d+) 步/.exec(count);
  await C(page).getByText(/^尚无变更：/).waitFor();
  await page.locator('#language').selectOption('en');
  await page.getByRole('heading', { name: 'Hash lookup debugger' }).waitFor();
  await L(page).getByText(`Step 3 of ${steps}`, { exact: true }).waitFor();
  await C(page).getByText(/^No change yet:/).waitFor();
  await K(page).getByText('Owners under Consistent hashing (Fulcrum ring)', { exact: true }).waitFor();
  await page.locator('#language').selectOption('zh');
  await L(page).getByText(`第 3 步，共 ${steps} 步`, { exact: true }).waitFor();
  await K(page).getByText('一致性哈希（Fulcrum 哈希环） 下的归属服务器', { exact: true }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
