/**
 * The daily run of one workspace for one local date: for each period (24 h and 7 d before the run's local 03:00),
 * the global topics of every embedded customer text, and each post's topics when it got at least
 * POST_MIN_COMMENTS comments in the period. Idempotent per workspace and date: a rerun replaces that date's topics.
 */
import { sql, type Database } from "@sillage/db";
import type { Embedder, ModelProvider } from "@sillage/triage";
import { findTopics, matchTrends, MIN_TEXTS, type FoundTopic } from "../cluster";
import type { CorpusVectors } from "../corpus-vectors";
import { learnOfflineWordVectors, TopicTermsEmbedder } from "../embedder";
import { runInstant, shiftDate } from "../schedule";
import { embedderKey, embedderName } from "./embeddings";

export const PERIODS = { "24h": { hours: 24, previousDays: 1 }, "7d": { hours: 24 * 7, previousDays: 7 } } as const;
export type TopicPeriod = keyof typeof PERIODS;
/** A post's comments get their own topics from this many comments in the period (the plan's threshold). */
export const POST_MIN_COMMENTS = 20;

interface Text {
  kind: "message" | "comment";
  id: string;
  text: string;
  vector: number[];
  postMediaId: string | null;
}

async function loadTexts(db: Database, workspaceId: string, embedder: Embedder, from: Date, to: Date): Promise<Text[]> {
  const key = embedderKey(embedder);
  const dim = key.dimension ? sql`AND e.dimension = ${key.dimension}` : sql``;
  const { rows } = await sql<{ kind: "message" | "comment"; id: string; text: string; embedding: number[]; post_media_id: string | null }>`
    SELECT 'message' AS kind, m.id, m.text, e.embedding, NULL AS post_media_id, m.platform_timestamp AS at
      FROM messages m JOIN text_embeddings e ON e.message_id = m.id
     WHERE m.workspace_id = ${workspaceId} AND m.direction = 'in' AND m.deleted_at IS NULL
       AND m.platform_timestamp >= ${from} AND m.platform_timestamp < ${to}
       AND e.provider = ${key.provider} AND e.model = ${key.model} ${dim}
    UNION ALL
    SELECT 'comment', c.id, c.text, e.embedding, c.platform_media_id, c.platform_timestamp
      FROM comments c JOIN text_embeddings e ON e.comment_id = c.id
     WHERE c.workspace_id = ${workspaceId} AND NOT c.own
       AND c.platform_timestamp >= ${from} AND c.platform_timestamp < ${to}
       AND e.provider = ${key.provider} AND e.model = ${key.model} ${dim}
    ORDER BY at, id`.execute(db);
  return rows.map((r) => ({ kind: r.kind, id: r.id, text: r.text, vector: r.embedding, postMediaId: r.post_media_id }));
}

/** The offline word vectors learn from the customer texts of this many days before the run… */
export const TRAINING_DAYS = 30;
/** …at most this many, the most recent (20,000 texts: 3.4 s of CPU to learn from, once per run, whatever the scopes). */
export const TRAINING_MAX_TEXTS = 20_000;

/**
 * The workspace's recent customer texts (messages in, comments not ours), most recent first: the corpus the offline
 * word vectors are learned from. Embedded or not: only the words count.
 */
export async function loadTrainingTexts(db: Database, workspaceId: string, to: Date, limit = TRAINING_MAX_TEXTS): Promise<string[]> {
  const from = new Date(to.getTime() - TRAINING_DAYS * 86_400_000);
  const { rows } = await sql<{ text: string }>`
    SELECT text FROM (
      SELECT m.text, m.platform_timestamp AS at, m.id
        FROM messages m
       WHERE m.workspace_id = ${workspaceId} AND m.direction = 'in' AND m.deleted_at IS NULL AND m.text IS NOT NULL
         AND m.platform_timestamp >= ${from} AND m.platform_timestamp < ${to}
      UNION ALL
      SELECT c.text, c.platform_timestamp, c.id
        FROM comments c
       WHERE c.workspace_id = ${workspaceId} AND NOT c.own
         AND c.platform_timestamp >= ${from} AND c.platform_timestamp < ${to}
    ) recent
    ORDER BY at DESC, id DESC
    LIMIT ${limit}`.execute(db);
  return rows.map((r) => r.text);
}

interface ScopeResult {
  period: TopicPeriod;
  scope: "global" | "post";
  postMediaId: string | null;
  texts: Text[];
  topics: FoundTopic[];
}

export interface DailyRunResult {
  runDate: string;
  texts: number;
  scopes: { period: TopicPeriod; scope: "global" | "post"; postMediaId: string | null; topics: number; noiseShare: number }[];
  /** Topics labelled by the model (0 without one, or when it failed). */
  modelLabels: number;
}

export async function runDailyTopics(
  db: Database,
  embedder: Embedder,
  opts: { workspaceId: string; runDate: string; timeZone: string; ai?: Pick<ModelProvider, "nameTopics">; language?: "fr" | "en" },
): Promise<DailyRunResult> {
  const { workspaceId, runDate } = opts;
  const runAt = runInstant(runDate, opts.timeZone);
  const results: ScopeResult[] = [];
  const summary: DailyRunResult["scopes"] = [];
  let textsCount = 0;
  const periodBounds = new Map<TopicPeriod, { from: Date; to: Date }>();
  // Offline only: word vectors learned once from the month's texts serve every scope, so a post's 20 comments or a
  // quiet day (too few words to learn from alone) get them too. A model's embeddings already place synonyms together.
  // English texts also get general pretrained word vectors (`pretrained-vectors.ts`) when installed.
  // Learned on the first scope that can give topics: a workspace with nothing to cluster reads no month of texts.
  let corpusVectors: Promise<CorpusVectors | null> | undefined;
  const vectorsOfTheMonth = () =>
    (corpusVectors ??= embedder instanceof TopicTermsEmbedder ? loadTrainingTexts(db, workspaceId, runAt).then((texts) => learnOfflineWordVectors(texts)) : Promise.resolve(null));
  for (const period of Object.keys(PERIODS) as TopicPeriod[]) {
    const from = new Date(runAt.getTime() - PERIODS[period].hours * 3_600_000);
    periodBounds.set(period, { from, to: runAt });
    const texts = await loadTexts(db, workspaceId, embedder, from, runAt);
    textsCount = Math.max(textsCount, texts.length);
    const scopes: { scope: "global" | "post"; postMediaId: string | null; texts: Text[] }[] = [{ scope: "global", postMediaId: null, texts }];
    const byPost = new Map<string, Text[]>();
    for (const t of texts) if (t.kind === "comment" && t.postMediaId) byPost.set(t.postMediaId, [...(byPost.get(t.postMediaId) ?? []), t]);
    for (const [postMediaId, comments] of byPost) if (comments.length >= POST_MIN_COMMENTS) scopes.push({ scope: "post", postMediaId, texts: comments });
    for (const s of scopes) {
      const clustering = findTopics(s.texts.map((t) => t.text), s.texts.map((t) => t.vector), { corpusVectors: s.texts.length >= MIN_TEXTS ? await vectorsOfTheMonth() : null });
      results.push({ period, ...s, topics: clustering.topics });
      summary.push({ period, scope: s.scope, postMediaId: s.postMediaId, topics: clustering.topics.length, noiseShare: clustering.noiseShare });
    }
  }

  // With a model: a short label in the workspace's language from each topic's terms and samples (one call per scope);
  // the terms stay the label when the model fails.
  let modelLabels = 0;
  if (opts.ai?.nameTopics) {
    for (const r of results) {
      if (!r.topics.length) continue;
      try {
        const labels = await opts.ai.nameTopics({ language: opts.language ?? "fr", topics: r.topics.map((t) => ({ terms: t.terms, samples: t.samples.map((i) => r.texts[i]!.text) })) });
        r.topics.forEach((t, k) => (t.label = labels[k]!.slice(0, 80)));
        modelLabels += r.topics.length;
      } catch {
        // Kept: the c-TF-IDF label.
      }
    }
  }

  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("clusters").where("workspace_id", "=", workspaceId).where("run_date", "=", sql<Date>`${runDate}::date`).execute();
    for (const r of results) {
      if (!r.topics.length) continue;
      const previousDate = shiftDate(runDate, -PERIODS[r.period].previousDays);
      let prevQuery = trx
        .selectFrom("clusters")
        .select(["id", "centroid", "share", "embedder"])
        .where("workspace_id", "=", workspaceId)
        .where("run_date", "=", sql<Date>`${previousDate}::date`)
        .where("period", "=", r.period)
        .where("scope", "=", r.scope);
      prevQuery = r.postMediaId ? prevQuery.where("post_media_id", "=", r.postMediaId) : prevQuery.where("post_media_id", "is", null);
      const dimension = r.texts[0]!.vector.length;
      const name = embedderName(embedderKey(embedder), dimension);
      const previous = (await prevQuery.execute()).filter((p) => p.embedder === name);
      const total = r.texts.length;
      const trends = matchTrends(
        r.topics.map((t) => ({ centroid: t.centroid, share: t.members.length / total })),
        previous,
      );
      const bounds = periodBounds.get(r.period)!;
      const inserted = await trx
        .insertInto("clusters")
        .values(
          r.topics.map((t, rank) => ({
            workspace_id: workspaceId,
            run_date: sql<Date>`${runDate}::date`,
            period: r.period,
            period_start: bounds.from,
            period_end: bounds.to,
            scope: r.scope,
            post_media_id: r.postMediaId,
            rank,
            label: t.label,
            terms: t.terms,
            size: t.members.length,
            share: t.members.length / total,
            centroid: Array.from(t.centroid),
            embedder: name,
            previous_cluster_id: trends[rank]!.previousId,
            trend: trends[rank]!.trend,
            growth: trends[rank]!.growth,
          })),
        )
        .returning(["id", "rank"])
        .execute();
      const items = inserted.flatMap(({ id, rank }) => {
        const topic = r.topics[rank]!;
        const samples = new Set(topic.samples);
        return topic.members.map((index, position) => {
          const text = r.texts[index]!;
          return {
            cluster_id: id,
            workspace_id: workspaceId,
            position,
            message_id: text.kind === "message" ? text.id : null,
            comment_id: text.kind === "comment" ? text.id : null,
            probability: topic.probabilities[position]!,
            sample: samples.has(index),
          };
        });
      });
      // Batches keep each statement under PostgreSQL's bind-parameter limit.
      for (let i = 0; i < items.length; i += 5000) await trx.insertInto("cluster_items").values(items.slice(i, i + 5000)).execute();
    }
    await trx
      .insertInto("topic_runs")
      .values({ workspace_id: workspaceId, run_date: sql<Date>`${runDate}::date`, run_at: runAt, texts_count: textsCount })
      .onConflict((oc) => oc.columns(["workspace_id", "run_date"]).doUpdateSet({ run_at: runAt, texts_count: textsCount, finished_at: sql<Date>`now()` }))
      .execute();
  });
  return { runDate, texts: textsCount, scopes: summary, modelLabels };
}

/** Workspaces whose local 03:00 of today has passed with no run for that date yet (for the hourly tick). */
export async function workspacesDue(db: Database, now: Date, dueDate: (timeZone: string) => string | null): Promise<{ workspaceId: string; runDate: string; timeZone: string }[]> {
  const workspaces = await db.selectFrom("workspaces").select(["id", "time_zone"]).execute();
  const due = workspaces.flatMap((w) => {
    const runDate = dueDate(w.time_zone);
    return runDate ? [{ workspaceId: w.id, runDate, timeZone: w.time_zone }] : [];
  });
  if (!due.length) return [];
  const done = await db
    .selectFrom("topic_runs")
    .select(["workspace_id", sql<string>`run_date::text`.as("run_date")])
    .where("workspace_id", "in", due.map((d) => d.workspaceId))
    .where("run_at", ">=", new Date(now.getTime() - 2 * 86_400_000))
    .execute();
  const doneKeys = new Set(done.map((d) => `${d.workspace_id}/${d.run_date}`));
  return due.filter((d) => !doneKeys.has(`${d.workspaceId}/${d.runDate}`));
}
