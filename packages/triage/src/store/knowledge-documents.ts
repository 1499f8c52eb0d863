/** The knowledge base's documents as the API lists and removes them. */
import { sql, type ScopedDb } from "@sillage/db";

/** Documents of the workspace `db` is scoped to, newest first, with their chunk counts (stale: another embedder's). */
export async function listKnowledgeDocuments(db: ScopedDb, embedderId: string) {
  const rows = await db
    .selectFrom("knowledge_documents as d")
    .leftJoin("knowledge_chunks as c", "c.document_id", "d.id")
    .select([
      "d.id",
      "d.title",
      "d.source_kind",
      "d.created_at",
      sql<number>`length(d.content)`.as("chars"),
      sql<number>`count(c.id)::int`.as("chunks"),
      sql<number>`(count(c.id) filter (where c.embedder <> ${embedderId}))::int`.as("stale"),
    ])
    .groupBy("d.id")
    .orderBy("d.created_at", "desc")
    .orderBy("d.id")
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, sourceKind: r.source_kind, createdAt: r.created_at, chars: r.chars, chunks: r.chunks, staleChunks: r.stale }));
}

/** False when there is no document with this id (its chunks go with it). */
export async function removeKnowledgeDocument(db: ScopedDb, id: string): Promise<boolean> {
  const res = await db.deleteFrom("knowledge_documents").where("id", "=", id).executeTakeFirst();
  return Boolean(res.numDeletedRows);
}
