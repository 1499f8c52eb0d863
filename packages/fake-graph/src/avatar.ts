// Profile pictures for the fake's customers: a real baseline JPEG (what Meta's CDN serves), drawn as a white
// silhouette on a coloured square. Every 8×8 block is one flat colour, so a block needs only its DC coefficient and
// the encoder stays a few lines: no image library in a package that must start in any test.

const GRID = 12; // blocks per side: 96 × 96 pixels

/** Baseline JPEG, 4:4:4, of a silhouette in white on `background` (`#rrggbb`). */
export function avatarJpeg(background: string): Buffer {
  const bg = hexRgb(background);
  const blocks: [number, number, number][] = [];
  for (let by = 0; by < GRID; by++) {
    for (let bx = 0; bx < GRID; bx++) blocks.push(inSilhouette(bx + 0.5, by + 0.5) ? [245, 245, 245] : bg);
  }
  return encode(GRID * 8, GRID * 8, blocks.map(ycbcr));
}

function inSilhouette(x: number, y: number): boolean {
  const head = (x - 6) ** 2 + (y - 4.6) ** 2 <= 2.4 ** 2;
  const shoulders = y >= 8 && ((x - 6) / 4.6) ** 2 + ((y - 12.4) / 4) ** 2 <= 1;
  return head || shoulders;
}

function hexRgb(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

// JFIF's RGB → YCbCr.
function ycbcr([r, g, b]: [number, number, number]): [number, number, number] {
  return [
    0.299 * r + 0.587 * g + 0.114 * b,
    128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
    128 + 0.5 * r - 0.418688 * g - 0.081312 * b,
  ];
}

// The standard luminance DC Huffman table (ITU T.81 K.3): category → code lengths 2,3,3,3,3,3,4,5,6,7,8,9.
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_CODES: [number, number][] = [
  [0b00, 2], [0b010, 3], [0b011, 3], [0b100, 3], [0b101, 3], [0b110, 3],
  [0b1110, 4], [0b11110, 5], [0b111110, 6], [0b1111110, 7], [0b11111110, 8], [0b111111110, 9],
];
const Q = 8; // every coefficient quantised by 8: a flat block's DC (8 × (value − 128)) becomes value − 128

class BitWriter {
  private bytes: number[] = [];
  private acc = 0;
  private n = 0;
  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.n === 8) this.flushByte();
    }
  }
  private flushByte(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0x00); // byte stuffing
    this.acc = 0;
    this.n = 0;
  }
  finish(): number[] {
    while (this.n !== 0) this.write(1, 1); // pad with ones
    return this.bytes;
  }
}

function encode(width: number, height: number, blocks: [number, number, number][]): Buffer {
  const seg = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
  const jfif = seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const dqt = seg(0xdb, [0x00, ...new Array<number>(64).fill(Q)]);
  const sof = seg(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
  const dhtDc = seg(0xc4, [0x00, ...DC_BITS, ...DC_CODES.map((_, i) => i)]);
  // AC: one symbol, end-of-block, coded "0": a flat block has no AC coefficient.
  const dhtAc = seg(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0x00]);
  const sos = seg(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]);

  const out = new BitWriter();
  const pred = [0, 0, 0];
  for (const block of blocks) {
    for (let c = 0; c < 3; c++) {
      const dc = Math.round(block[c]! - 128);
      const diff = dc - pred[c]!;
      pred[c] = dc;
      const cat = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
      const [code, len] = DC_CODES[cat]!;
      out.write(code, len);
      // Negative differences are written as their ones' complement in `cat` bits.
      if (cat > 0) out.write(diff > 0 ? diff : diff + (1 << cat) - 1, cat);
      out.write(0, 1); // EOB
    }
  }
  return Buffer.from([0xff, 0xd8, ...jfif, ...dqt, ...sof, ...dhtDc, ...dhtAc, ...sos, ...out.finish(), 0xff, 0xd9]);
}
