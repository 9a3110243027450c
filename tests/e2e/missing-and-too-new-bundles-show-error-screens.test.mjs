// Scenario: the viewer is pointed (?bundle=) at a bundle that does not exist, then at one written
// by a newer version of the format. Each time it shows an error screen with the core's message
// and code — the same message `digest validate` prints — never a blank page.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath } from '../js/helpers.mjs';
import { assertQuietConsole, bundlePath, distWithBundle, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('missing and too-new bundles show error screens', async () => {
  const missing = await openViewer(browser, { path: '?bundle=no-such-bundle.json' });
  try {
    await ready(missing.page, 'error');
    assert.equal(await missing.page.textContent('.dg-error-code'), 'code: NOT_FOUND');
    assert.match(await missing.page.textContent('.dg-error-message'), /no-such-bundle\.json.*404/);
    assert.ok(await missing.page.isVisible('.dg-error a[href="#/"]'));
    // The browser itself logs the failed request; nothing else may appear.
    assertQuietConsole(missing, (p) => p.includes('404'));
  } finally {
    await missing.close();
  }

  const original = readFileSync(bundlePath, 'utf8');
  const newer = original.replace('"version":1,', '"version":99,');
  assert.notEqual(newer, original);
  const dir = distWithBundle('too-new', newer);
  let validatorMessage = '';
  try {
    execFileSync(cliPath, ['validate', join(dir, 'bundle.json')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    validatorMessage = `${e.stdout}${e.stderr}`;
  }
  assert.match(validatorMessage, /version/i, 'the CLI refuses the newer version');
  const v = await openViewer(browser, { dir });
  try {
    await ready(v.page, 'error');
    assert.equal(await v.page.textContent('.dg-error-code'), 'code: UNSUPPORTED_VERSION');
    const shown = await v.page.textContent('.dg-error-message');
    assert.ok(validatorMessage.includes(shown), `viewer: ${shown}\ncli: ${validatorMessage}`);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
