/**
 * The knowledge base's pure parts: chunking with overlap, markdown to text, document parsing, and an in-memory
 * cosine index (no pgvector: embeddings are real[] in PostgreSQL and ranked here).
 */
import { dot, l2normalize, OfflineEmbedder, type Embedder, type Vector } from "./embedding";
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
  /** Offline only: vectors of windows of two sentences, so one answer inside a longer chunk still scores high. */
  segments: Vector[];
}

/** A retriever ranks the knowledge base for a query; scores are cosine similarities. */
export interface Retriever {
  search(query: string, k: number, opts?: { signal?: AbortSignal }): Promise<Passage[]>;
}

export function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?…])\s+/).filter((s) => s.trim());
}

/**
 * Top-k cosine over chunks embedded by `embedder` (exhaustive: a small business has hundreds of passages). With the
 * offline embedder a chunk's score is the best of the chunk and its two-sentence windows: a chunk packs several
 * FAQ answers, and a hashed bag of words dilutes with length where a neural embedding does not. Query vectors are
 * sparse, so each comparison only touches the query's non-zero dimensions.
 */
export class KnowledgeIndex implements Retriever {
  private readonly chunks: IndexedChunk[];
  constructor(
    readonly embedder: Embedder,
    chunks: Iterable<{ chunkId: string; documentId: string; title: string; text: string; vector: ArrayLike<number> }>,
  ) {
    const offline = embedder instanceof OfflineEmbedder ? embedder : null;
    this.chunks = [...chunks].map((c) => {
      const sentences = offline ? splitSentences(c.text) : [];
      const segments: Vector[] = [];
      if (offline && sentences.length > 2) {
        for (let i = 0; i + 1 < sentences.length; i++) segments.push(offline.embedOne(`${sentences[i]} ${sentences[i + 1]}`));
      }
      return { ...c, vector: l2normalize(Float32Array.from(c.vector)), segments };
    });
  }

  get size(): number {
    return this.chunks.length;
  }

  async search(query: string, k: number, opts: { signal?: AbortSignal } = {}): Promise<Passage[]> {
    if (!this.chunks.length || !query.trim()) return [];
    const [q] = await this.embedder.embed([query], opts);
    return this.searchVector(l2normalize(Float32Array.from(q!)), k);
  }

  searchVector(q: Vector, k: number): Passage[] {
    const nz: number[] = [];
    for (let i = 0; i < q.length; i++) if (q[i] !== 0) nz.push(i);
    if (!nz.length) return [];
    const sparse = nz.length < q.length / 3;
    const score = (v: Vector) => {
      if (!sparse) return dot(q, v);
      let s = 0;
      for (const i of nz) s += q[i]! * v[i]!;
      return s;
    };
    const best: Passage[] = [];
    for (const c of this.chunks) {
      if (c.vector.length !== q.length) continue;
      let sc = score(c.vector);
      for (const seg of c.segments) sc = Math.max(sc, score(seg));
      if (best.length < k || sc > best[best.length - 1]!.score) {
        const p = { chunkId: c.chunkId, documentId: c.documentId, title: c.title, text: c.text, score: sc };
        let i = best.length;
        while (i > 0 && best[i - 1]!.score < sc) i--;
        best.splice(i, 0, p);
        if (best.length > k) best.pop();
      }
    }
    return best;
  }
}
