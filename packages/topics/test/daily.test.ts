import { sql, type Database } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { OpenAIProvider, type Embedder } from "@sillage/triage";
import { chatCompletion, startOpenAIStub } from "@sillage/triage/testing";
import { TopicTermsEmbedder } from "../src/embedder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterDailyJob } from "../src/jobs";
import clusterDaily from "../src/jobs/cluster-daily";
import { dueRunDate, nextRunAt, runInstant } from "../src/schedule";
import { loadTrainingTexts, runDailyTopics, POST_MIN_COMMENTS } from "../src/store/daily";
import { embedPendingTexts } from "../src/store/embeddings";
import { listTopicItems, listTopics } from "../src/store/queries";

let t: TestDatabase;
let paris: string;
let newYork: string;
const RUN_DATE = "2026-12-02";
// 03:00 in Paris on 2 December is 02:00 UTC (winter time).
const RUN_AT = new Date("2026-12-02T02:00:00Z");

const groups = [
  ["Where is my parcel?", "My parcel has not arrived", "Parcel delivery is late", "When will my parcel be delivered?", "Tracking says parcel lost", "Parcel still not here", "Is my parcel on the way?", "Parcel delivery delayed again", "No news about my parcel", "The parcel tracking is stuck", "Parcel never came", "I am waiting for my parcel"],
  ["I forgot my password", "Password reset does not work", "How do I change my password?", "Reset password email never came", "My password is not accepted", "Locked out, password wrong", "Need a new password", "Password change failed", "Can't remember my password", "Password reset link expired", "Wrong password again", "Help with password reset"],
  ["Do you have this dress in red?", "Is the red dress available?", "Dress colour options please", "Can I get the dress in blue?", "Which colours for the summer dress?", "Red dress in size M?", "Dress available in black?", "Any other colour for this dress?", "Is the dress sold in green?", "Dress colours in stock?", "Do you have the dress in white?", "Colour choice for the long dress"],
];
const commentTexts = [
  "Love this colour!", "Gorgeous colour", "What a colour", "The colour is stunning", "Beautiful colour", "Colour is perfect", "Such a nice colour", "Amazing colour", "Colour goals", "I adore this colour", "Lovely colour", "Great colour choice",
  "Price please?", "How much is it?", "What is the price?", "Price?", "How much does it cost?", "Price in euros?", "What's the price please", "Cost of this one?", "How much for two?", "Price info please", "Is the price the same online?", "Price for the set?",
];

async function fixture(db: Database, timeZone: string, slug: string) {
  const ws = await db.insertInto("workspaces").values({ name: slug, slug, time_zone: timeZone }).returning("id").executeTakeFirstOrThrow();
  const channel = await db
    .insertInto("channels")
    .values({ workspace_id: ws.id, platform: "instagram", external_id: `ig-${slug}`, display_name: "Shop", token_ciphertext: Buffer.from("x"), token_key_id: "k" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const contact = await db.insertInto("contacts").values({ workspace_id: ws.id, channel_id: channel.id, platform: "instagram", platform_user_id: `u-${slug}`, display_name: "Alice" }).returning("id").executeTakeFirstOrThrow();
  const conversation = await db.insertInto("conversations").values({ workspace_id: ws.id, channel_id: channel.id, contact_id: contact.id, platform: "instagram" }).returning("id").executeTakeFirstOrThrow();
  return { workspaceId: ws.id, channelId: channel.id, conversationId: conversation.id };
}

beforeAll(async () => {
  t = await createTestDatabase();
  const f = await fixture(t.db, "Europe/Paris", "topics-paris");
  paris = f.workspaceId;
  newYork = (await fixture(t.db, "America/New_York", "topics-ny")).workspaceId;
  // Customer messages spread over the 24 hours before the run, one of ours that must never be clustered, one too old.
  const texts = groups.flat();
  await t.db
    .insertInto("messages")
    .values([
      ...texts.map((text, i) => ({
        workspace_id: paris,
        channel_id: f.channelId,
        conversation_id: f.conversationId,
        direction: "in",
        type: "text",
        author: "customer",
        text,
        platform_timestamp: new Date(RUN_AT.getTime() - (i + 1) * 1_500_000),
      })),
      { workspace_id: paris, channel_id: f.channelId, conversation_id: f.conversationId, direction: "out", type: "text", author: "agent", text: "Our reply about your parcel", platform_timestamp: new Date(RUN_AT.getTime() - 60_000) },
      { workspace_id: paris, channel_id: f.channelId, conversation_id: f.conversationId, direction: "in", type: "text", author: "customer", text: "Parcel question from last month", platform_timestamp: new Date("2026-11-01T10:00:00Z") },
    ])
    .execute();
  // Post A gets 24 comments in the period (per-post topics), post B only 10 (below the threshold), plus one of ours.
  const comment = (media: string, text: string, i: number, own = false) => ({
    workspace_id: paris,
    channel_id: f.channelId,
    platform_media_id: media,
    platform_comment_id: `${media}-${i}-${own}`,
    text,
    own,
    platform_timestamp: new Date(RUN_AT.getTime() - (i + 1) * 600_000),
  });
  await t.db
    .insertInto("comments")
    .values([...commentTexts.map((c, i) => comment("media-a", c, i)), ...commentTexts.slice(0, 10).map((c, i) => comment("media-b", c, i)), comment("media-a", "Thanks everyone!", 99, true)])
    .execute();
});
afterAll(() => t.drop());

const logger = { info() {}, warn() {}, error() {}, debug() {}, child() { return logger; } } as never;
const clock = (iso: string) => ({ now: () => new Date(iso) });
// The job key names the workspace and the date (`topics.cluster:<workspace>:<date>`).
const queuedRuns = async () =>
  (await sql<{ key: string }>`select key from graphile_worker.jobs where task_identifier = 'topics.cluster_workspace' order by id`.execute(t.db)).rows.map((r) => {
    const [, workspaceId, runDate] = r.key.split(":");
    return { key: r.key, payload: { workspaceId, runDate } };
  });

describe("schedule", () => {
  it("03:00 local, whatever the offset and the season", () => {
    expect(dueRunDate(new Date("2026-12-02T01:59:00Z"), "Europe/Paris")).toBeNull(); // 02:59 in Paris
    expect(dueRunDate(new Date("2026-12-02T02:00:00Z"), "Europe/Paris")).toBe("2026-12-02");
    expect(runInstant("2026-07-02", "Europe/Paris").toISOString()).toBe("2026-07-02T01:00:00.000Z"); // summer time
    expect(runInstant("2026-12-02", "America/New_York").toISOString()).toBe("2026-12-02T08:00:00.000Z");
    expect(nextRunAt(new Date("2026-12-02T02:30:00Z"), "Europe/Paris").toISOString()).toBe("2026-12-03T02:00:00.000Z");
  });
});

describe("topics.cluster_daily", () => {
  it("queues a workspace only once its own 03:00 has passed, and once per date", async () => {
    expect(clusterDailyJob.id).toBe("topics.cluster_daily");
    const run = (iso: string) => clusterDaily({}, { db: t.db, clock: clock(iso), logger } as never);
    const keys = async () => (await queuedRuns()).map((j) => `${j.payload.workspaceId === paris ? "paris" : "ny"} ${j.payload.runDate}`);
    await run("2026-12-02T01:30:00Z"); // 02:30 in Paris: not yet; 20:30 on 1 December in New York: that day's run is due
    expect(await keys()).toEqual(["ny 2026-12-01"]);
    await run("2026-12-02T02:07:00Z"); // 03:07 in Paris
    await run("2026-12-02T02:08:00Z"); // a second tick before the run: still one job per workspace and date
    expect(await keys()).toEqual(["ny 2026-12-01", "paris 2026-12-02"]);
    await run("2026-12-02T08:07:00Z"); // 03:07 in New York
    expect(await keys()).toEqual(["ny 2026-12-01", "paris 2026-12-02", "ny 2026-12-02"]);
  });

  it("finds global topics for 24 h and 7 d, per-post topics only past the threshold, and a rerun replaces them", async () => {
    const embedder = new TopicTermsEmbedder();
    // Customer texts only: 36 messages and 34 comments (ours are never embedded).
    expect(await embedPendingTexts(t.db, embedder, { workspaceId: paris })).toBe(36 + 1 + 34);
    const first = await runDailyTopics(t.db, embedder, { workspaceId: paris, runDate: RUN_DATE, timeZone: "Europe/Paris" });
    const global24 = first.scopes.find((s) => s.period === "24h" && s.scope === "global")!;
    expect(global24.topics).toBeGreaterThanOrEqual(3);
    const posts = first.scopes.filter((s) => s.scope === "post").map((s) => `${s.period}:${s.postMediaId}`);
    expect(posts.sort()).toEqual(["24h:media-a", "7d:media-a"]);
    expect(commentTexts.length).toBeGreaterThanOrEqual(POST_MIN_COMMENTS);

    const clusters = async () => (await t.db.selectFrom("clusters").select(["label", "period", "scope", "size"]).where("workspace_id", "=", paris).orderBy("period").orderBy("scope").orderBy("rank").execute());
    const before = await clusters();
    await runDailyTopics(t.db, embedder, { workspaceId: paris, runDate: RUN_DATE, timeZone: "Europe/Paris" });
    expect(await clusters()).toEqual(before);
    const runs = await t.db.selectFrom("topic_runs").select(["workspace_id"]).execute();
    expect(runs).toEqual([{ workspace_id: paris }]);

    // The tick sees the run: nothing more is queued for that date.
    for (const j of await queuedRuns()) await sql`select graphile_worker.remove_job(${j.key})`.execute(t.db);
    await clusterDaily({}, { db: t.db, clock: clock("2026-12-02T09:00:00Z"), logger } as never);
    expect((await queuedRuns()).map((j) => j.payload.workspaceId)).toEqual([newYork]); // New York's 2 December only: a tick looks at today's local date

    // The API's reads: labels carry the topics' words; items open their conversation; our texts and old ones are absent.
    const view = await t.db.transaction().execute((trx) => listTopics(trx, { period: "24h", now: new Date("2026-12-02T09:00:00Z") }));
    const words = view.topics.flatMap((x) => x.terms).join(" ");
    expect(words).toMatch(/parcel/);
    expect(words).toMatch(/password/);
    expect(words).toMatch(/dress/);
    for (const topic of view.topics) expect(topic.samples.length).toBeLessThanOrEqual(5);
    const parcel = view.topics.find((x) => x.terms.some((term) => term.includes("parcel")))!;
    // Distinct texts: the 3–5 most central are shown (repeated texts are shown once).
    expect(parcel.samples.length).toBeGreaterThanOrEqual(3);
    const page = (await t.db.transaction().execute((trx) => listTopicItems(trx, { topicId: parcel.id, limit: 5 })))!;
    expect(page.items.length).toBe(5);
    expect(page.items.every((i) => i.kind === "message" && i.conversationId && !/Our reply|last month/.test(i.text))).toBe(true);
    const rest = (await t.db.transaction().execute((trx) => listTopicItems(trx, { topicId: parcel.id, cursor: page.nextCursor!, limit: 50 })))!;
    expect(page.items.length + rest.items.length).toBe(parcel.size);
    expect(rest.nextCursor).toBeNull();
    const postView = await t.db.transaction().execute((trx) => listTopics(trx, { period: "24h", postMediaId: "media-a", now: new Date() }));
    expect(postView.topics.length).toBeGreaterThanOrEqual(1);
  });

  it("learns the offline word vectors from the workspace's customer texts of the last 30 days, most recent first", async () => {
    const month = await loadTrainingTexts(t.db, paris, RUN_AT);
    // 36 messages and 34 comments; not our reply, not our comment, not the message of 1 November (over 30 days).
    expect(month.length).toBe(36 + 34);
    expect(month.filter((text) => /Our reply|Thanks everyone|last month/.test(text))).toEqual([]);
    // Bounded: the most recent (comments 10 and 20 minutes before the run on both posts, then the first message).
    expect((await loadTrainingTexts(t.db, paris, RUN_AT, 5)).slice(4)).toEqual(["Where is my parcel?"]);
    expect(await loadTrainingTexts(t.db, newYork, RUN_AT)).toEqual([]);
  });

  it("with a model, topics get a short label in the workspace's language; a failing model leaves the terms", async () => {
    const stub = await startOpenAIStub();
    try {
      const ai = new OpenAIProvider({ apiKey: "test-key", baseURL: stub.url, model: "stub-model", embeddingModel: "stub-embed", timeoutMs: 20_000 }); // a loaded CI box must not time the stub out
      stub.onChat((req) => {
        const user = JSON.parse((req.body.messages as { content: string }[])[1]!.content) as { language: string; topics: { terms: string[]; samples: string[] }[] };
        return { json: chatCompletion(JSON.stringify({ labels: user.topics.map((t) => `${user.language === "fr" ? "Sujet" : "Topic"} ${t.terms[0]} (${t.samples.length})`) })) };
      });
      const embedder = new TopicTermsEmbedder();
      const named = await runDailyTopics(t.db, embedder, { workspaceId: paris, runDate: RUN_DATE, timeZone: "Europe/Paris", ai, language: "fr" });
      expect(named.modelLabels).toBeGreaterThan(0);
      const labels = (await t.db.selectFrom("clusters").select("label").where("workspace_id", "=", paris).execute()).map((r) => r.label);
      // A topic's first term may be a phrase ("mot passe"): the model's label is whatever follows "Sujet".
      expect(labels.filter((l) => !/^Sujet .+ \([1-5]\)$/.test(l))).toEqual([]);

      stub.onChat(() => ({ json: chatCompletion("not json") }));
      const kept = await runDailyTopics(t.db, embedder, { workspaceId: paris, runDate: RUN_DATE, timeZone: "Europe/Paris", ai, language: "fr" });
      expect(kept.modelLabels).toBe(0);
      const terms = await t.db.selectFrom("clusters").select(["label", "terms"]).where("workspace_id", "=", paris).execute();
      expect(terms.every((r) => r.label === r.terms.slice(0, 3).join(" · "))).toBe(true);
    } finally {
      await stub.close();
    }
  });

  it("a change of provider re-embeds every text in the background, once", async () => {
    const fake: Embedder = {
      id: "test:fake-v1:8",
      dimension: 8,
      embed: (texts) => Promise.resolve(texts.map((s) => Float32Array.from({ length: 8 }, (_, i) => (s.charCodeAt(i % s.length) % 7) + 1))),
    };
    const total = await t.db.selectFrom("text_embeddings").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
    // The 5-minute job looks back 8 days (what a run can still cluster); the backfill takes the rest (last month's).
    expect(await embedPendingTexts(t.db, fake, { batchSize: 16, since: new Date(RUN_AT.getTime() - 8 * 86_400_000) })).toBe(total.n - 1);
    expect(await embedPendingTexts(t.db, fake, { batchSize: 16 })).toBe(1);
    const rows = await t.db.selectFrom("text_embeddings").select(["provider", "model", "dimension"]).distinct().execute();
    expect(rows).toEqual([{ provider: "test", model: "fake-v1", dimension: 8 }]);
    expect(await embedPendingTexts(t.db, fake)).toBe(0);
  });
});
