// Draws public/favicon.svg into the raster icons browsers and phones ask for without reading the
// page: /favicon.ico (a 32×32 PNG inside an ICO container, which every browser since IE 11 reads)
// and /apple-touch-icon.png (180×180, on a white square as iOS expects). Run after changing the
// SVG: `node --import tsx scripts/make-icons.ts`. The results are committed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../test/e2e/browser.ts';

const pub = join(import.meta.dirname, '..', 'public');
const svg = readFileSync(join(pub, 'favicon.svg'), 'utf8');

async function render(size: number, background: string, inset: number): Promise<Buffer> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const data = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  await page.setContent(`<body style="margin:0;background:${background}"><img src="${data}" style="display:block;margin:${inset}px;width:${size - 2 * inset}px;height:${size - 2 * inset}px"></body>`);
  const png = await page.screenshot({ omitBackground: background === 'transparent', type: 'png' });
  await browser.close();
  return png;
}

/** ICONDIR + one ICONDIRENTRY pointing at an embedded PNG. */
function ico(png: Buffer, size: number): Buffer {
  const head = Buffer.alloc(22);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(1, 4);
  head.writeUInt8(size, 6);
  head.writeUInt8(size, 7);
  head.writeUInt16LE(1, 10);
  head.writeUInt16LE(32, 12);
  head.writeUInt32LE(png.length, 14);
  head.writeUInt32LE(22, 18);
  return Buffer.concat([head, png]);
}

writeFileSync(join(pub, 'favicon.ico'), ico(await render(32, 'transparent', 0), 32));
writeFileSync(join(pub, 'apple-touch-icon.png'), await render(180, '#ffffff', 18));
console.log('wrote public/favicon.ico and public/apple-touch-icon.png');
