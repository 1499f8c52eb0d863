import { expect } from "vitest";
import { ok, refusedInB, type CaseFile, type World } from "./context";

const bNotes = ({ server, bIds }: World) =>
  server.db.db.selectFrom("conversation_notes").select(["id", "text"]).where("conversation_id", "=", bIds.conversationId!).orderBy("created_at").execute();

const file: CaseFile = {
  // Runs after inbox.cases.ts (files load sorted): B's conversation exists.
  async seed(w) {
    const aUserId = ok<{ user: { id: string } }>(await w.a.query("auth.me")).user.id;
    w.bIds.aUserId = aUserId;
    // A's user named in B's note (written straight to the database): even so, A must never see it.
    await w.server.db.db
      .insertInto("conversation_notes")
      .values({ workspace_id: w.bIds.workspaceId!, conversation_id: w.bIds.conversationId!, author_user_id: w.bIds.userId!, text: "secret note of b", mentioned_user_ids: [aUserId] })
      .execute();
  },
  cases: {
    "notes.list": async (w) => {
      await refusedInB(w, "query", "notes.list", { conversationId: w.bIds.conversationId });
      expect(await w.a.query("notes.list", { conversationId: w.bIds.conversationId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(ok(await w.a.query("notes.list", { conversationId: w.bIds.aConversationId }))).toEqual([]);
    },
    "notes.add": async (w) => {
      const before = await bNotes(w);
      await refusedInB(w, "mutation", "notes.add", { conversationId: w.bIds.conversationId, text: "intrusion" });
      expect(await w.a.mutation("notes.add", { conversationId: w.bIds.conversationId, text: "intrusion" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      // Nor can A mention someone of B on its own conversation.
      expect(await w.a.mutation("notes.add", { conversationId: w.bIds.aConversationId, text: "@b", mentionedUserIds: [w.bIds.userId] })).toMatchObject({ ok: false, code: "BAD_REQUEST" });
      expect(await bNotes(w)).toEqual(before);
    },
    "notes.mentions": async (w) => {
      await refusedInB(w, "query", "notes.mentions");
      expect(ok(await w.a.query("notes.mentions"))).toEqual([]);
    },
  },
};
export default file;
