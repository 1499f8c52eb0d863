import { expect } from "vitest";
import { ok, refusedInB, type CaseFile, type World } from "./context";

/**
 * A failed reply in B's conversation (seeded by inbox.cases.ts), removed after each case: inbox.reply's case checks
 * that B has no outbound rows. B's failed publication comes from posts.cases.ts.
 */
async function withFailedReplyOfB(w: World, fn: (id: string) => Promise<void>): Promise<void> {
  const conv = await w.server.db.db.selectFrom("conversations").select(["id", "channel_id"]).where("id", "=", w.bIds.conversationId!).executeTakeFirstOrThrow();
  const row = await w.server.db.db
    .insertInto("outbound_messages")
    .values({ workspace_id: w.bIds.workspaceId!, conversation_id: conv.id, channel_id: conv.channel_id, body: JSON.stringify({ type: "text", text: "secret reply of B" }), status: "failed", error_class: "network", error_message: "B's failure", automatic: false })
    .returning("id")
    .executeTakeFirstOrThrow();
  try {
    await fn(row.id);
  } finally {
    await w.server.db.db.deleteFrom("outbound_messages").where("id", "=", row.id).execute();
  }
}

const file: CaseFile = {
  cases: {
    "failures.list": (w) =>
      withFailedReplyOfB(w, async (id) => {
      await refusedInB(w, "query", "failures.list");
      const mine = ok<{ publications: { id: string }[]; replies: { id: string; errorMessage: string | null }[] }>(await w.a.query("failures.list"));
      expect(mine.replies.map((r) => r.id)).not.toContain(id);
      expect(mine.publications.map((p) => p.id)).not.toContain(w.bIds.failedPublicationId);
      }),
    "failures.retryReply": (w) =>
      withFailedReplyOfB(w, async (id) => {
      await refusedInB(w, "mutation", "failures.retryReply", { id });
      expect(await w.a.mutation("failures.retryReply", { id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      const row = await w.server.db.db.selectFrom("outbound_messages").select("status").where("id", "=", id).executeTakeFirstOrThrow();
      expect(row.status).toBe("failed");
      }),
  },
};
export default file;
