// render.mjs — draws the PNG app icons from the SVGs beside this file with headless Chromium.
//   node assets/icons/render.mjs      (writes icon-32.png, icon-192.png, icon-512.png, maskable-512.png)
// The PNGs are committed (a few KB); run this again only after editing an SVG.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
for (const [svg, size, out] of [['icon.svg', 32, 'icon-32.png'], ['icon.svg', 192, 'icon-192.png'], ['icon.svg', 512, 'icon-512.png'], ['maskable.svg', 512, 'maskable-512.png']]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const data = readFileSync(join(here, svg)).toString('base64');
  await page.setContent(`<style>html,body{margin:0;background:transparent}</style><img width="${size}" height="${size}" src="data:image/svg+xml;base64,${data}">`);
  await page.waitForFunction(() => document.images[0].complete);
  await page.screenshot({ path: join(here, out), omitBackground: true });
  await page.close();
}
await browser.close();
