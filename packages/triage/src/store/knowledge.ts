/**
 * The knowledge base in PostgreSQL: documents, chunks with their embeddings (real[]) and the embedder that made
 * them. Ranking happens in Node (no pgvector). Chunks whose embedder differs from the provider's are stale: they
 * are skipped by search and re-embedded by the `knowledge.reembed` job.
 */
import { sql, type Database, type ScopedDb } from "@sillage/db";
import { OfflineEmbedder, type Embedder } from "../embedding";
import { chunkText, KnowledgeIndex } from "../knowledge";

/** Marks chunks stored while the embedder was unreachable; the re-embed job fills them. */
export const PENDING_EMBEDDER = "pending";
export const MAX_DOCUMENT_CHARS = 500_000;

export interface NewKnowledgeDocument {
  workspaceId: string;
  title: string;
  kind: "text" | "markdown" | "txt" | "md" | "pdf";
  /** Plain text (markdown already converted, PDF already extracted). */
  text: string;
  createdBy: string | null;
}

export async function addKnowledgeDocument(
  db: ScopedDb,
  embedder: Embedder,
  doc: NewKnowledgeDocument,
): Promise<{ id: string; chunks: number; pending: boolean }> {
  const chunks = chunkText(doc.text);
  const { id } = await db
    .insertInto("knowledge_documents")
    .values({ workspace_id: doc.workspaceId, title: doc.title, source_kind: doc.kind, content: doc.text, created_by: doc.createdBy })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (!chunks.length) return { id, chunks: 0, pending: false };
  let vectors: number[][] | null = null;
  try {
    vectors = (await embedder.embed(chunks)).map((v) => Array.from(v));
  } catch {
    // The document is kept; its chunks wait for the re-embed job.
    vectors = null;
  }
  await db
    .insertInto("knowledge_chunks")
    .values(
      chunks.map((text, ordinal) => ({
        workspace_id: doc.workspaceId,
        document_id: id,
        ordinal,
        text,
        embedding: vectors?.[ordinal] ?? [],
        embedder: vectors ? embedder.id : PENDING_EMBEDDER,
      })),
    )
    .execute();
  return { id, chunks: chunks.length, pending: vectors === null };
}

/** The workspace's chunks embedded by `embedder`, ready to rank; `stale` counts the others. */
export async function loadKnowledgeIndex(db: ScopedDb | Database, embedder: Embedder, workspaceId: string): Promise<{ index: KnowledgeIndex; stale: number }> {
  const rows = await db
    .selectFrom("knowledge_chunks as c")
    .innerJoin("knowledge_documents as d", "d.id", "c.document_id")
    .select(["c.id", "c.document_id", "c.text", "c.embedding", "c.embedder", "d.title"])
    .where("c.workspace_id", "=", workspaceId)
    .orderBy("c.document_id")
    .orderBy("c.ordinal")
    .execute();
  const current = rows.filter((r) => r.embedder === embedder.id);
  // Offline vectors cost microseconds and need no network: chunks of another offline version (or still pending) are
  // embedded on the fly, so a new embedder version answers at once while the re-embed job stores the new vectors.
  const offline = embedder instanceof OfflineEmbedder ? embedder : null;
  const usable = offline ? rows.filter((r) => r.embedder === embedder.id || r.embedder.startsWith("offline:") || r.embedder === PENDING_EMBEDDER) : current;
  const index = new KnowledgeIndex(
    embedder,
    usable.map((r) => ({ chunkId: r.id, documentId: r.document_id, title: r.title, text: r.text, vector: r.embedder === embedder.id ? r.embedding : offline!.embedOne(r.text) })),
  );
  return { index, stale: rows.length - current.length };
}

/** All chunk texts of a workspace (for an offline index built on the fly, e.g. replay). */
export async function loadKnowledgeTexts(db: ScopedDb | Database, workspaceId: string) {
  return db
    .selectFrom("knowledge_chunks as c")
    .innerJoin("knowledge_documents as d", "d.id", "c.document_id")
    .select(["c.id as chunkId", "c.document_id as documentId", "c.text", "d.title"])
    .where("c.workspace_id", "=", workspaceId)
    .execute();
}

export async function countStaleChunks(db: ScopedDb | Database, embedder: Embedder, workspaceId?: string): Promise<number> {
  let q = db.selectFrom("knowledge_chunks").select(sql<number>`count(*)::int`.as("n")).where("embedder", "<>", embedder.id);
  if (workspaceId) q = q.where("workspace_id", "=", workspaceId);
  return (await q.executeTakeFirstOrThrow()).n;
}

/**
 * Re-embeds chunks whose embedder is not `embedder` (a new model, a new dimension, or pending), in batches.
 * Runs with the owner connection (a job) and names the workspace when given. Returns how many were re-embedded.
 */
export async function reembedChunks(db: Database, embedder: Embedder, opts: { workspaceId?: string; batchSize?: number; maxBatches?: number } = {}): Promise<number> {
  const batchSize = opts.batchSize ?? 64;
  let done = 0;
  for (let i = 0; i < (opts.maxBatches ?? Infinity); i++) {
    let q = db.selectFrom("knowledge_chunks").select(["id", "text"]).where("embedder", "<>", embedder.id).orderBy("id").limit(batchSize);
    if (opts.workspaceId) q = q.where("workspace_id", "=", opts.workspaceId);
    const rows = await q.execute();
    if (!rows.length) break;
    const vectors = await embedder.embed(rows.map((r) => r.text));
    for (const [j, r] of rows.entries()) {
      await db.updateTable("knowledge_chunks").set({ embedding: Array.from(vectors[j]!), embedder: embedder.id }).where("id", "=", r.id).execute();
    }
    done += rows.length;
    if (rows.length < batchSize) break;
  }
  return done;
}
