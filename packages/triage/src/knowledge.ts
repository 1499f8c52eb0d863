/**
 * The knowledge base's pure parts: chunking with overlap, markdown to text, document parsing, and an in-memory
 * cosine index (no pgvector: embeddings are real[] in PostgreSQL and ranked here).
 */
import { dot, l2normalize, OfflineEmbedder, type Embedder, type Vector } from "./embedding";
import { lexicalTerms } from "./lexicon";
import { detectLanguage, statedLanguage, type Language } from "./text";
import type { Passage } from "./types";

export interface ChunkOptions {
  /** A chunk closes once it reaches this many characters… */
  target?: number;
  /** …and never exceeds this many (a longer sentence is cut on a space). */
  max?: number;
  /** Characters of the previous chunk's end repeated at the start of the next one. */
  overlap?: number;
}

/** Paragraphs, then sentences, packed into chunks of ~500–800 characters that overlap by ~100. */
export function chunkText(text: string, opts: ChunkOptions = {}): string[] {
  const target = opts.target ?? 600;
  const max = opts.max ?? 800;
  const overlap = opts.overlap ?? 100;
  const units: string[] = [];
  for (const para of text.replace(/\r\n?/g, "\n").split(/\n\s*\n/)) {
    const p = para.replace(/\s+/g, " ").trim();
    if (!p) continue;
    if (p.length <= max) {
      units.push(p);
      continue;
    }
    for (const sentence of p.split(/(?<=[.!?…])\s+/)) {
      for (let s = sentence; s; ) {
        if (s.length <= max) {
          units.push(s);
          break;
        }
        const cut = s.lastIndexOf(" ", max) > max / 2 ? s.lastIndexOf(" ", max) : max;
        units.push(s.slice(0, cut).trim());
        s = s.slice(cut).trim();
      }
    }
  }
  const chunks: string[] = [];
  let current = "";
  // True while `current` holds only the overlap copied from the previous chunk.
  let overlapOnly = false;
  for (const u of units) {
    if (current && current.length + 1 + u.length > max) {
      if (!overlapOnly) chunks.push(current);
      current = overlapOnly ? current : tail(current, overlap);
      if (current.length + 1 + u.length > max) current = "";
    }
    current = current ? `${current} ${u}` : u;
    overlapOnly = false;
    if (current.length >= target) {
      chunks.push(current);
      current = tail(current, overlap);
      overlapOnly = true;
    }
  }
  if (current && !overlapOnly) chunks.push(current);
  return chunks;
}

/** The last ~n characters, starting on a word. */
function tail(s: string, n: number): string {
  if (n <= 0 || s.length <= n) return n <= 0 ? "" : s;
  const start = s.indexOf(" ", s.length - n);
  return start < 0 ? "" : s.slice(start + 1);
}

/** Markdown to plain text: headings, emphasis, links, images, code fences and tables lose their markup. */
export function markdownToText(md: string): string {
  return md
    .replace(/```[^\n]*\n([\s\S]*?)```/g, "$1")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$/gm, "$1.")
    .replace(/^[ \t]{0,3}>[ \t]?/gm, "")
    .replace(/^[ \t]*[-*+][ \t]+/gm, "")
    .replace(/^[ \t]*\|?[ \t:|-]+\|[ \t:|-]*$/gm, "")
    .replace(/\|/g, " ")
    .replace(/(\*\*|__|\*|_|`)(.+?)\1/g, "$2")
    .replace(/<[^>]+>/g, "");
}

export type DocumentKind = "text" | "markdown" | "txt" | "md" | "pdf";

export class UnsupportedDocumentError extends Error {}

/** Text of an uploaded file; PDFs go through unpdf (pdf.js, pure JavaScript, no native canvas needed for text). */
export async function extractDocumentText(kind: DocumentKind, content: string | Uint8Array): Promise<string> {
  if (kind === "pdf") {
    if (typeof content === "string") throw new UnsupportedDocumentError("A PDF must be sent as bytes");
    const { extractText, getDocumentProxy } = await import("unpdf");
    try {
      const pdf = await getDocumentProxy(new Uint8Array(content), { verbosity: 0 });
      const { text } = await extractText(pdf, { mergePages: false });
      return text.join("\n\n");
    } catch (err) {
      throw new UnsupportedDocumentError(`This PDF could not be read: ${(err as Error).message}`);
    }
  }
  const raw = typeof content === "string" ? content : new TextDecoder("utf-8", { fatal: false }).decode(content);
  return kind === "markdown" || kind === "md" ? markdownToText(raw) : raw;
}

export interface IndexedChunk {
  chunkId: string;
  documentId: string;
  title: string;
  text: string;
  vector: Vector;
  /** Lexical terms of the title and the text (stems and topic tokens) with their weights. */
  terms: Map<string, number>;
  length: number;
  language: Language;
}

/** A retriever ranks the knowledge base for a query; scores are relevances in 0..1 (see KnowledgeIndex). */
export interface Retriever {
  search(query: string, k: number, opts?: { signal?: AbortSignal }): Promise<Passage[]>;
}

export function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?…])\s+/).filter((s) => s.trim());
}

/** BM25 constants (Robertson's usual values) and the reciprocal-rank-fusion constant (Cormack et al., k = 60). */
const BM25_K1 = 1.2;
const BM25_B = 0.75;
const RRF_K = 60;
/**
 * A passage's relevance mixes how much of the question's weight (IDF) it covers with the vector similarity. Weights
 * calibrated on the labelled shop set (test/shop-set.ts): lexical coverage separates answerable questions best.
 */
/**
 * Below these cosines the vector ranking says nothing: hashed n-grams of unrelated texts sit under ~0.15; neural
 * embeddings of unrelated texts under ~0.2. Without a floor, RRF would lift any chunk the vector list merely contains.
 */
export const OFFLINE_VECTOR_FLOOR = 0.15;
export const MODEL_VECTOR_FLOOR = 0.2;
export const RELEVANCE_WEIGHTS = Object.freeze({ lexical: 0.7, vector: 0.3 });

/**
 * Hybrid retrieval over chunks that carry their document title: BM25 on French and English stems with topic tokens
 * (lexicon.ts), and cosine similarity of the embedder's vectors, fused by reciprocal rank. The order comes from the
 * fusion; each passage's `score` is its relevance (0..1), which thresholds compare: ranks alone cannot tell "the
 * best of nothing" from an answer. Exhaustive (a small business has hundreds of passages). The lexical side finds
 * one answer inside a longer chunk, which the offline embedder's sentence windows did before (and cost 3× the dots).
 */
export class KnowledgeIndex implements Retriever {
  private readonly chunks: IndexedChunk[];
  private readonly postings = new Map<string, { chunk: number; tf: number }[]>();
  private readonly avgLength: number;
  /** Cosine under which the vector ranking leaves a chunk out (noise, not a weak match). */
  private readonly vectorFloor: number;
  constructor(
    readonly embedder: Embedder,
    chunks: Iterable<{ chunkId: string; documentId: string; title: string; text: string; vector: ArrayLike<number> }>,
    opts: { vectorFloor?: number } = {},
  ) {
    this.vectorFloor = opts.vectorFloor ?? (embedder instanceof OfflineEmbedder ? OFFLINE_VECTOR_FLOOR : MODEL_VECTOR_FLOOR);
    this.chunks = [...chunks].map((c) => {
      const terms = lexicalTerms(`${c.title}\n${c.text}`);
      let length = 0;
      for (const w of terms.values()) length += w;
      return { ...c, vector: l2normalize(Float32Array.from(c.vector)), terms, length, language: detectLanguage(c.text, "fr") };
    });
    this.chunks.forEach((c, i) => {
      for (const [t, tf] of c.terms) (this.postings.get(t) ?? this.postings.set(t, []).get(t)!).push({ chunk: i, tf });
    });
    this.avgLength = this.chunks.reduce((s, c) => s + c.length, 0) / Math.max(1, this.chunks.length);
    this.lengthNorm = Float64Array.from(this.chunks, (c) => BM25_K1 * (1 - BM25_B + (BM25_B * c.length) / this.avgLength));
    this.bm25 = new Float64Array(this.chunks.length);
    this.covered = new Float64Array(this.chunks.length);
    this.cos = new Float64Array(this.chunks.length);
  }

  /** BM25's length normalisation per chunk, computed once. */
  private readonly lengthNorm: Float64Array;
  // Scratch arrays reused by every search (a search runs to its end synchronously once the query is embedded).
  private readonly bm25: Float64Array;
  private readonly covered: Float64Array;
  private readonly cos: Float64Array;

  get size(): number {
    return this.chunks.length;
  }

  async search(query: string, k: number, opts: { signal?: AbortSignal } = {}): Promise<Passage[]> {
    if (!this.chunks.length || !query.trim()) return [];
    const [q] = await this.embedder.embed([query], opts);
    // Only a language the question's own words tell earns its pages the bonus: "price?" is not French for lack of words.
    return this.rank(lexicalTerms(query), l2normalize(Float32Array.from(q!)), k, statedLanguage(query) ?? undefined);
  }

  /** Cosine only (kept for callers that rank by vector alone). */
  searchVector(q: Vector, k: number): Passage[] {
    return this.rank(new Map(), q, k);
  }

  private idf(term: string): number {
    const df = this.postings.get(term)?.length ?? 0;
    return Math.log(1 + (this.chunks.length - df + 0.5) / (df + 0.5));
  }

  rank(queryTerms: Map<string, number>, q: Vector, k: number, language?: Language): Passage[] {
    const n = this.chunks.length;
    if (!n) return [];
    const { bm25, covered } = this;
    // Lexical: BM25 for the order, coverage of the question's IDF mass for the relevance. Only chunks that share a
    // term are touched (the bench's 500 passages: a few dozen per question).
    const lexical: number[] = [];
    let total = 0;
    for (const [term, qw] of queryTerms) {
      const idf = this.idf(term);
      total += qw * idf;
      const list = this.postings.get(term);
      if (!list) continue;
      for (let j = 0; j < list.length; j++) {
        const { chunk, tf } = list[j]!;
        if (covered[chunk] === 0) lexical.push(chunk);
        bm25[chunk]! += (qw * idf * tf * (BM25_K1 + 1)) / (tf + this.lengthNorm[chunk]!);
        covered[chunk]! += qw * idf;
      }
    }
    const cos = this.cosines(q);
    const vector: number[] = [];
    for (let i = 0; i < n; i++) if (cos[i]! >= this.vectorFloor) vector.push(i);
    lexical.sort((a, b) => bm25[b]! - bm25[a]!);
    vector.sort((a, b) => cos[b]! - cos[a]!);
    const fused = new Map<number, number>();
    for (let r = 0; r < lexical.length; r++) fused.set(lexical[r]!, 1 / (RRF_K + r + 1));
    for (let r = 0; r < vector.length; r++) fused.set(vector[r]!, (fused.get(vector[r]!) ?? 0) + 1 / (RRF_K + r + 1));
    // A passage in the question's language can be quoted as it is: worth half a first rank among matching ones.
    if (language) for (const [i, f] of fused) if (this.chunks[i]!.language === language) fused.set(i, f + 0.5 / (RRF_K + 1));
    const lexicalShare = (i: number) => (total > 0 ? covered[i]! / total : 0);
    const relevance = (i: number) => RELEVANCE_WEIGHTS.lexical * lexicalShare(i) + RELEVANCE_WEIGHTS.vector * Math.max(0, cos[i]!);
    // Top k by fused rank (a partial selection: k is small); equal fused ranks go by relevance.
    const top: { i: number; f: number; r: number }[] = [];
    for (const [i, f] of fused) {
      const last = top[top.length - 1];
      if (top.length >= k && last && f < last.f) continue;
      const r = relevance(i);
      let j = top.length;
      while (j > 0 && (top[j - 1]!.f < f || (top[j - 1]!.f === f && top[j - 1]!.r < r))) j--;
      if (j >= k) continue;
      top.splice(j, 0, { i, f, r });
      if (top.length > k) top.pop();
    }
    const out = top.map(({ i, r }) => {
      const c = this.chunks[i]!;
      return { chunkId: c.chunkId, documentId: c.documentId, title: c.title, text: c.text, score: r, lexical: lexicalShare(i), vector: Math.max(0, cos[i]!) };
    });
    for (const i of lexical) bm25[i] = covered[i] = 0;
    return out;
  }

  private cosines(q: Vector): Float64Array {
    const out = this.cos;
    out.fill(0);
    const nz: number[] = [];
    for (let i = 0; i < q.length; i++) if (q[i] !== 0) nz.push(i);
    if (!nz.length) return out;
    // Query vectors of the offline embedder are sparse: touch only their non-zero dimensions.
    const sparse = nz.length < q.length / 3;
    for (let c = 0; c < this.chunks.length; c++) {
      const v = this.chunks[c]!.vector;
      if (v.length !== q.length) continue;
      if (!sparse) out[c] = dot(q, v);
      else {
        let s = 0;
        for (let j = 0; j < nz.length; j++) s += q[nz[j]!]! * v[nz[j]!]!;
        out[c] = s;
      }
    }
    return out;
  }
}
