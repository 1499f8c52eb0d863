import { expect } from "vitest";
import { ok, refusedInB, type CaseFile, type World } from "./context";

/** A label of a workspace, written straight to the database. */
async function seedLabel(w: World, workspaceId: string, name: string) {
  const row = await w.server.db.db.insertInto("labels").values({ workspace_id: workspaceId, name, colour: "#aa0000" }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

const bLabels = ({ server, bIds }: World) =>
  server.db.db.selectFrom("labels").select(["id", "name", "colour"]).where("workspace_id", "=", bIds.workspaceId!).orderBy("id").execute();
const bConversationLabels = ({ server, bIds }: World) =>
  server.db.db.selectFrom("conversation_labels").select("label_id").where("conversation_id", "=", bIds.conversationId!).execute();

const file: CaseFile = {
  // Runs after inbox.cases.ts's seed (files are seeded by name): B's and A's conversations exist.
  async seed(w) {
    w.bIds.labelId = await seedLabel(w, w.bIds.workspaceId!, "Secret label of B");
    w.bIds.aLabelId = await seedLabel(w, w.a.workspaceId!, "Label of A");
    await w.server.db.db.insertInto("conversation_labels").values({ workspace_id: w.bIds.workspaceId!, conversation_id: w.bIds.conversationId!, label_id: w.bIds.labelId }).execute();
  },
  cases: {
    "labels.list": async (w) => {
      await refusedInB(w, "query", "labels.list");
      // labels.create's case may have added one of A's own: B's label is what must not show.
      const mine = ok<{ id: string; name: string }[]>(await w.a.query("labels.list"));
      expect(mine.map((l) => l.id)).toContain(w.bIds.aLabelId);
      expect(mine.map((l) => l.id)).not.toContain(w.bIds.labelId);
    },
    "labels.create": async (w) => {
      const before = await bLabels(w);
      await refusedInB(w, "mutation", "labels.create", { name: "Planted", colour: "#00aa00" });
      // Names are unique per workspace only: A may use B's name, and B's label is untouched.
      ok(await w.a.mutation("labels.create", { name: "Secret label of B", colour: "#00aa00" }));
      expect(await bLabels(w)).toEqual(before);
    },
    "labels.update": async (w) => {
      const before = await bLabels(w);
      await refusedInB(w, "mutation", "labels.update", { id: w.bIds.labelId, name: "Renamed" });
      expect(await w.a.mutation("labels.update", { id: w.bIds.labelId, name: "Renamed" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bLabels(w)).toEqual(before);
    },
    "labels.delete": async (w) => {
      const before = await bLabels(w);
      await refusedInB(w, "mutation", "labels.delete", { id: w.bIds.labelId });
      expect(await w.a.mutation("labels.delete", { id: w.bIds.labelId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bLabels(w)).toEqual(before);
    },
    "labels.setOnConversation": async (w) => {
      const before = await bConversationLabels(w);
      await refusedInB(w, "mutation", "labels.setOnConversation", { conversationId: w.bIds.conversationId, labelId: w.bIds.labelId, on: false });
      // Neither A's label on B's conversation, nor B's label on A's conversation, nor B's label off B's conversation.
      for (const input of [
        { conversationId: w.bIds.conversationId, labelId: w.bIds.aLabelId, on: true },
        { conversationId: w.bIds.aConversationId, labelId: w.bIds.labelId, on: true },
        { conversationId: w.bIds.conversationId, labelId: w.bIds.labelId, on: false },
      ]) {
        expect(await w.a.mutation("labels.setOnConversation", input)).toMatchObject({ ok: false, code: "NOT_FOUND" });
      }
      expect(await bConversationLabels(w)).toEqual(before);
      // B's label never shows on A's side, nor does the filter reach B's conversations.
      expect(ok<{ items: unknown[] }>(await w.a.query("inbox.conversations", { labelId: w.bIds.labelId })).items).toEqual([]);
    },
  },
};
export default file;
