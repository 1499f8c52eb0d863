import { expect } from "vitest";
import { ok, refusedInB, type CaseFile } from "./context";

const file: CaseFile = {
  // Runs after inbox.cases.ts (files load sorted): B's conversation and its messages exist.
  async seed(w) {
    const db = w.server.db.db;
    const ws = w.bIds.workspaceId!;
    const now = new Date();
    await db.insertInto("topic_runs").values({ workspace_id: ws, run_date: now, run_at: now, texts_count: 40 }).execute();
    const { id } = await db
      .insertInto("clusters")
      .values({
        workspace_id: ws,
        run_date: now,
        period: "24h",
        period_start: new Date(now.getTime() - 86_400_000),
        period_end: now,
        scope: "global",
        rank: 0,
        label: "secret topic of b",
        terms: ["secret"],
        size: 12,
        share: 0.3,
        centroid: [1, 0],
        embedder: "offline:test:2",
        trend: "new",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    w.bIds.topicId = id;
    const message = await db.selectFrom("messages").select("id").where("workspace_id", "=", ws).limit(1).executeTakeFirst();
    if (message) await db.insertInto("cluster_items").values({ cluster_id: id, workspace_id: ws, position: 0, message_id: message.id, probability: 1, sample: true }).execute();
  },
  cases: {
    "analytics.topics": async (w) => {
      await refusedInB(w, "query", "analytics.topics", { period: "24h" });
      const mine = ok<{ topics: { label: string }[]; runDate: string | null }>(await w.a.query("analytics.topics", { period: "24h" }));
      expect(mine.topics).toEqual([]);
      expect(mine.runDate).toBeNull();
      // B sees its own topic: the seed is real, so A's empty answer means isolation, not absence.
      expect(ok<{ topics: { label: string }[] }>(await w.b.query("analytics.topics", { period: "24h" })).topics.map((t) => t.label)).toEqual(["secret topic of b"]);
    },
    "analytics.topicItems": async (w) => {
      await refusedInB(w, "query", "analytics.topicItems", { topicId: w.bIds.topicId });
      expect(await w.a.query("analytics.topicItems", { topicId: w.bIds.topicId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    },
  },
};
export default file;
