import { createHash } from "node:crypto";
import { compress, decompress } from "@mongodb-js/zstd";

/** zstd level 3 (zstd's default): most of the ratio of higher levels at several times their speed. */
const LEVEL = 3;

export interface EncodedPart {
  bytes: Buffer;
  bytesIn: number;
  sha256: string;
}

export const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** JSON lines (one row each, `\n` after each) compressed with zstd; the checksum is over the compressed object. */
export async function encodeLines(lines: readonly string[]): Promise<EncodedPart> {
  const raw = Buffer.from(lines.length ? `${lines.join("\n")}\n` : "", "utf8");
  const bytes = await compress(raw, LEVEL);
  return { bytes, bytesIn: raw.length, sha256: sha256(bytes) };
}

export async function decodeLines(bytes: Uint8Array): Promise<string[]> {
  const text = (await decompress(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))).toString("utf8");
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}
