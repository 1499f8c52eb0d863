import { expect } from "vitest";
import { ok, refusedInB, type CaseFile, type World } from "./context";

const B_REPLY = { title: "B secret", shortcut: "secret-b", body: "Le code de B est 4242, {{prenom}}." };

function bReplies({ server, bIds }: World) {
  return server.db.db.selectFrom("saved_replies").selectAll().where("workspace_id", "=", bIds.workspaceId!).orderBy("id").execute();
}

const file: CaseFile = {
  async seed({ b, bIds }) {
    bIds.savedReplyId = ok<{ id: string }>(await b.mutation("savedReplies.create", B_REPLY)).id;
  },
  cases: {
    "savedReplies.list": async (w) => {
      await refusedInB(w, "query", "savedReplies.list");
      expect(ok<{ id: string }[]>(await w.a.query("savedReplies.list")).map((r) => r.id)).not.toContain(w.bIds.savedReplyId);
    },
    "savedReplies.forConversation": async (w) => {
      await refusedInB(w, "query", "savedReplies.forConversation", { conversationId: w.bIds.conversationId });
      // B's conversation is not A's: not found, so neither B's replies nor B's customer's name leak.
      expect(await w.a.query("savedReplies.forConversation", { conversationId: w.bIds.conversationId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    },
    "savedReplies.create": async (w) => {
      const before = await bReplies(w);
      await refusedInB(w, "mutation", "savedReplies.create", { title: "intruder", shortcut: "intruder", body: "planted" });
      expect(await bReplies(w)).toEqual(before);
    },
    "savedReplies.update": async (w) => {
      const before = await bReplies(w);
      await refusedInB(w, "mutation", "savedReplies.update", { id: w.bIds.savedReplyId, title: "x", shortcut: "x", body: "x" });
      expect(await w.a.mutation("savedReplies.update", { id: w.bIds.savedReplyId, title: "x", shortcut: "x", body: "x" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bReplies(w)).toEqual(before);
    },
    "savedReplies.remove": async (w) => {
      const before = await bReplies(w);
      await refusedInB(w, "mutation", "savedReplies.remove", { id: w.bIds.savedReplyId });
      expect(await w.a.mutation("savedReplies.remove", { id: w.bIds.savedReplyId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bReplies(w)).toEqual(before);
    },
  },
};
export default file;
