/**
 * Embeddings of customers' texts (inbound messages, comments not written by the shop) in `text_embeddings`, with
 * the embedder that made them. Missing ones are filled first, then those made by another embedder (a change of
 * provider, model or dimension) are re-embedded, batch by batch, newest texts first.
 */
import { sql, type Database } from "@sillage/db";
import type { Embedder } from "@sillage/triage";

export interface EmbedderKey {
  provider: string;
  model: string;
  /** Unknown (null) for a model's native dimension until it has answered once. */
  dimension: number | null;
}

/** "offline:hash-ngrams-v2:512" → offline / hash-ngrams-v2 / 512; "openai:text-embedding-3-small:native" → null dimension. */
export function embedderKey(embedder: Pick<Embedder, "id" | "dimension">): EmbedderKey {
  const [provider = "unknown", ...rest] = embedder.id.split(":");
  const last = rest.at(-1);
  const model = rest.length > 1 && (last === "native" || /^\d+$/.test(last ?? "")) ? rest.slice(0, -1).join(":") : rest.join(":");
  return { provider, model: model || provider, dimension: embedder.dimension > 0 ? embedder.dimension : null };
}

/** Stored under this name on clusters, whose centroids are compared only with the same embedder's. */
export function embedderName(key: EmbedderKey, dimension: number): string {
  return `${key.provider}:${key.model}:${dimension}`;
}

type Pending = { kind: "message" | "comment"; id: string; workspaceId: string; text: string };

const TEXT_MAX = 4000;

async function pendingTexts(db: Database, key: EmbedderKey, limit: number, workspaceId?: string, since?: Date): Promise<Pending[]> {
  const stale = (alias: string) =>
    sql`(${sql.ref(`${alias}.id`)} IS NULL OR ${sql.ref(`${alias}.provider`)} <> ${key.provider} OR ${sql.ref(`${alias}.model`)} <> ${key.model}${
      key.dimension ? sql` OR ${sql.ref(`${alias}.dimension`)} <> ${key.dimension}` : sql``
    })`;
  const ws = (col: string) => (workspaceId ? sql`AND ${sql.ref(col)} = ${workspaceId}` : sql``);
  const after = (col: string) => (since ? sql`AND ${sql.ref(col)} >= ${since}` : sql``);
  const { rows } = await sql<{ kind: "message" | "comment"; id: string; workspace_id: string; text: string }>`
    SELECT kind, id, workspace_id, text FROM (
      (SELECT 'message' AS kind, m.id, m.workspace_id, left(m.text, ${TEXT_MAX}) AS text, m.platform_timestamp AS at, e.id IS NULL AS missing
         FROM messages m LEFT JOIN text_embeddings e ON e.message_id = m.id
        WHERE m.direction = 'in' AND m.deleted_at IS NULL AND m.text IS NOT NULL AND btrim(m.text) <> '' ${ws("m.workspace_id")} ${after("m.platform_timestamp")}
          AND ${stale("e")}
        ORDER BY e.id IS NULL DESC, m.platform_timestamp DESC LIMIT ${limit})
      UNION ALL
      (SELECT 'comment', c.id, c.workspace_id, left(c.text, ${TEXT_MAX}), c.platform_timestamp, e.id IS NULL
         FROM comments c LEFT JOIN text_embeddings e ON e.comment_id = c.id
        WHERE NOT c.own AND btrim(c.text) <> '' ${ws("c.workspace_id")} ${after("c.platform_timestamp")}
          AND ${stale("e")}
        ORDER BY e.id IS NULL DESC, c.platform_timestamp DESC LIMIT ${limit})
    ) t ORDER BY missing DESC, at DESC LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({ kind: r.kind, id: r.id, workspaceId: r.workspace_id, text: r.text }));
}

async function withRetries<T>(fn: () => Promise<T>, attempts = 3, baseMs = 500): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((r) => setTimeout(r, baseMs * 2 ** (i - 1)));
    }
  }
}

/**
 * Embeds what is missing or stale, `batchSize` texts per call to the embedder (each call retried with backoff),
 * until nothing is left or `maxTexts` is reached. Returns how many texts were embedded.
 */
export async function embedPendingTexts(
  db: Database,
  embedder: Embedder,
  /** `since`: only texts written from then on (the jobs: what a run can still cluster; the backfill: everything). */
  opts: { workspaceId?: string; batchSize?: number; maxTexts?: number; since?: Date } = {},
): Promise<number> {
  const key = embedderKey(embedder);
  const batchSize = opts.batchSize ?? 128;
  const maxTexts = opts.maxTexts ?? Infinity;
  let done = 0;
  while (done < maxTexts) {
    const batch = await pendingTexts(db, key, Math.min(batchSize, maxTexts - done), opts.workspaceId, opts.since);
    if (!batch.length) break;
    const vectors = await withRetries(() => embedder.embed(batch.map((b) => b.text)));
    const rows = batch.map((b, i) => {
      const v = Array.from(vectors[i]!);
      return { workspace_id: b.workspaceId, message_id: b.kind === "message" ? b.id : null, comment_id: b.kind === "comment" ? b.id : null, provider: key.provider, model: key.model, dimension: v.length, embedding: v };
    });
    await db.transaction().execute(async (trx) => {
      for (const kind of ["message", "comment"] as const) {
        const some = rows.filter((r) => (kind === "message" ? r.message_id : r.comment_id));
        if (!some.length) continue;
        const col = kind === "message" ? "message_id" : "comment_id";
        await trx
          .insertInto("text_embeddings")
          .values(some)
          .onConflict((oc) =>
            oc.column(col).doUpdateSet((eb) => ({
              provider: eb.ref("excluded.provider"),
              model: eb.ref("excluded.model"),
              dimension: eb.ref("excluded.dimension"),
              embedding: eb.ref("excluded.embedding"),
              created_at: sql<Date>`now()`,
            })),
          )
          .execute();
      }
    });
    done += batch.length;
    if (batch.length < batchSize) break;
  }
  return done;
}
