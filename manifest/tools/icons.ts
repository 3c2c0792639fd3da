/**
 * `npm run icons`: draws the Teams app icons from geometry, so they can be changed in code review.
 * color.png: 192×192, the accent colour full-bleed with a white person and a green presence dot.
 * outline.png: 32×32, white on transparent (Teams' rule for outline icons).
 */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

type Rgba = [number, number, number, number];
/** Coverage of a shape at a point of the unit square, 0..1. */
type Shape = (x: number, y: number) => boolean;

const ACCENT: Rgba = [0x5b, 0x5f, 0xc7, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const GREEN: Rgba = [0x13, 0xa1, 0x0e, 255];

const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring =
  (cx: number, cy: number, r: number, width: number): Shape =>
  (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    return d <= r && d >= r - width;
  };
/** Shoulders: the top half of an ellipse, cut flat at the bottom. */
const shoulders =
  (cx: number, top: number, halfWidth: number, bottom: number): Shape =>
  (x, y) =>
    y >= top && y <= bottom && ((x - cx) / halfWidth) ** 2 + ((y - bottom) / (bottom - top)) ** 2 <= 1;
const minus =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) && !b(x, y);

function draw(size: number, background: Rgba | null, layers: Array<[Shape, Rgba]>): Buffer {
  const png = new PNG({ width: size, height: size });
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          let colour: Rgba | null = background;
          for (const [shape, fill] of layers) if (shape(x, y)) colour = fill;
          if (colour) for (let c = 0; c < 4; c++) sum[c]! += c < 3 ? colour[c]! * (colour[3]! / 255) : colour[3]!;
        }
      }
      const n = samples * samples;
      const alpha = sum[3]! / n;
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) png.data[i + c] = alpha > 0 ? Math.round(((sum[c]! / n) * 255) / alpha) : 0;
      png.data[i + 3] = Math.round(alpha);
    }
  }
  return PNG.sync.write(png);
}

const head = circle(0.42, 0.36, 0.15);
const body = shoulders(0.42, 0.56, 0.27, 0.86);
const dotRing = circle(0.74, 0.74, 0.17);
const dot = circle(0.74, 0.74, 0.12);

export const colorIcon = () =>
  draw(192, ACCENT, [
    [head, WHITE],
    [minus(body, circle(0.74, 0.74, 0.19)), WHITE],
    [dotRing, ACCENT],
    [dot, GREEN],
  ]);

export const outlineIcon = () =>
  draw(32, null, [
    [ring(0.42, 0.34, 0.17, 0.08), WHITE],
    [minus(minus(shoulders(0.42, 0.56, 0.3, 0.9), shoulders(0.42, 0.64, 0.22, 0.9)), circle(0.76, 0.76, 0.22)), WHITE],
    [circle(0.76, 0.76, 0.13), WHITE],
  ]);

if (process.argv[1]?.endsWith('icons.ts')) {
  writeFileSync('manifest/color.png', colorIcon());
  writeFileSync('manifest/outline.png', outlineIcon());
  console.log('Wrote manifest/color.png (192×192) and manifest/outline.png (32×32)');
}
