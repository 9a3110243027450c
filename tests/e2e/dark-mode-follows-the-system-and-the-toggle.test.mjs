// Scenario: the viewer opens dark when the system prefers dark and light otherwise; the theme
// button cycles system -> light -> dark, the choice survives a reload and beats the system setting.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const theme = (page) => page.evaluate(() => document.documentElement.dataset.dgTheme);
const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('dark mode follows the system and the toggle', async () => {
  const light = await openViewer(browser, { colorScheme: 'light' });
  let lightBg;
  try {
    await ready(light.page);
    assert.equal(await theme(light.page), 'light');
    lightBg = await background(light.page);
    assertQuietConsole(light);
  } finally {
    await light.close();
  }

  const v = await openViewer(browser, { colorScheme: 'dark' });
  try {
    const { page } = v;
    await ready(page);
    assert.equal(await theme(page), 'dark');
    const darkBg = await background(page);
    assert.notEqual(darkBg, lightBg);
    await page.click('#dg-theme'); // system -> light
    assert.equal(await theme(page), 'light');
    assert.equal(await background(page), lightBg);
    assert.match(await page.getAttribute('#dg-theme', 'aria-label'), /Light/);
    await page.reload();
    await ready(page);
    assert.equal(await theme(page), 'light', 'the choice beats the dark system setting after a reload');
    await page.click('#dg-theme'); // light -> dark
    assert.equal(await theme(page), 'dark');
    await page.click('#dg-theme'); // dark -> system (dark here)
    assert.match(await page.getAttribute('#dg-theme', 'aria-label'), /System/);
    // In system mode a change of the system setting applies at once.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => document.documentElement.dataset.dgTheme === 'light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.dgTheme === 'dark');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
