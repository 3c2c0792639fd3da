/**
 * Profile photos for the emulated tenant: small PNGs made here (no image files, no image
 * library), a head-and-shoulders shape on a colour picked from the user's id.
 */

const BACKGROUNDS = [
  [0x2b, 0x57, 0x9a],
  [0x8a, 0x3f, 0x7e],
  [0x1f, 0x7a, 0x5c],
  [0xa4, 0x4a, 0x1c],
  [0x4b, 0x53, 0xbc],
  [0x6b, 0x6b, 0x2a],
] as const;

let crcTable: Uint32Array | null = null;
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

function chunk(type: string, data: Uint8Array): number[] {
  const typed = new Uint8Array(4 + data.length);
  typed.set([...type].map((c) => c.charCodeAt(0)));
  typed.set(data, 4);
  return [...u32(data.length), ...typed, ...u32(crc32(typed))];
}

/** zlib stream of stored (uncompressed) deflate blocks: valid, and simple enough to write here. */
function zlibStored(raw: Uint8Array): Uint8Array {
  const out: number[] = [0x78, 0x01];
  for (let i = 0; i < raw.length || i === 0; i += 0xffff) {
    const block = raw.subarray(i, Math.min(raw.length, i + 0xffff));
    const last = i + 0xffff >= raw.length ? 1 : 0;
    out.push(last, block.length & 0xff, block.length >>> 8, ~block.length & 0xff, (~block.length >>> 8) & 0xff, ...block);
  }
  out.push(...u32(adler32(raw)));
  return Uint8Array.from(out);
}

const drawn = new Map<string, Uint8Array>();

/** A `size`×`size` PNG for the user with this id (the same id always gives the same picture). */
export function photoPng(id: string, size = 48): Uint8Array {
  const seed = Number.parseInt(id.replace(/[^0-9a-f]/gi, '').slice(0, 6) || '0', 16);
  const colour = seed % BACKGROUNDS.length;
  // Six pictures in all: each is drawn once.
  const key = `${colour}/${size}`;
  let png = drawn.get(key);
  if (png === undefined) {
    png = drawPng(colour, size);
    drawn.set(key, png);
  }
  return png;
}

function drawPng(colour: number, size: number): Uint8Array {
  const [r, g, b] = BACKGROUNDS[colour]!;
  const raw = new Uint8Array(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const dx = x - size / 2;
      const head = dx * dx + (y - size * 0.38) ** 2 < (size * 0.18) ** 2;
      const shoulders = y > size * 0.62 && dx * dx + (y - size * 1.02) ** 2 < (size * 0.42) ** 2;
      const light = head || shoulders;
      const p = row + 1 + x * 3;
      raw[p] = light ? 0xf2 : r;
      raw[p + 1] = light ? 0xe6 : g;
      raw[p + 2] = light ? 0xd8 : b;
    }
  }
  const header = Uint8Array.from([...u32(size), ...u32(size), 8, 2, 0, 0, 0]);
  return Uint8Array.from([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', header),
    ...chunk('IDAT', zlibStored(raw)),
    ...chunk('IEND', new Uint8Array()),
  ]);
}

const encoded = new WeakMap<Uint8Array, string>();

/** Base64 of a photo's bytes, as Graph puts a binary body inside a `$batch` answer (each picture encoded once). */
export function photoBase64(bytes: Uint8Array): string {
  let text = encoded.get(bytes);
  if (text === undefined) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    text = btoa(binary);
    encoded.set(bytes, text);
  }
  return text;
}
