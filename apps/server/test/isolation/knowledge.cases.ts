import { expect } from "vitest";
import { ok, refusedInB, type CaseFile, type World } from "./context";

const B_TEXT = "Le code secret de B est 4242 : coffre-fort, mot de passe, trésor.";

function bChunks({ server, bIds }: World) {
  return server.db.db.selectFrom("knowledge_chunks").select(["id", "text", "embedder"]).where("document_id", "=", bIds.knowledgeDocumentId!).execute();
}

const file: CaseFile = {
  async seed({ b, bIds }) {
    bIds.knowledgeDocumentId = ok<{ id: string }>(await b.mutation("knowledge.add", { title: "B secret", text: B_TEXT })).id;
  },
  cases: {
    "knowledge.list": async (w) => {
      await refusedInB(w, "query", "knowledge.list");
      expect(ok<{ id: string }[]>(await w.a.query("knowledge.list")).map((d) => d.id)).not.toContain(w.bIds.knowledgeDocumentId);
    },
    "knowledge.add": async (w) => {
      const before = await w.server.db.db.selectFrom("knowledge_documents").select("id").where("workspace_id", "=", w.bIds.workspaceId!).execute();
      await refusedInB(w, "mutation", "knowledge.add", { title: "intruder", text: "planted" });
      expect(await w.server.db.db.selectFrom("knowledge_documents").select("id").where("workspace_id", "=", w.bIds.workspaceId!).execute()).toEqual(before);
    },
    "knowledge.remove": async (w) => {
      const before = await bChunks(w);
      await refusedInB(w, "mutation", "knowledge.remove", { id: w.bIds.knowledgeDocumentId });
      expect(await w.a.mutation("knowledge.remove", { id: w.bIds.knowledgeDocumentId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bChunks(w)).toEqual(before);
    },
    "knowledge.search": async (w) => {
      await refusedInB(w, "query", "knowledge.search", { query: "code secret coffre-fort" });
      const res = ok<{ passages: { documentId: string; text: string }[] }>(await w.a.query("knowledge.search", { query: "code secret coffre-fort", k: 20 }));
      expect(res.passages.map((p) => p.documentId)).not.toContain(w.bIds.knowledgeDocumentId);
      expect(res.passages.map((p) => p.text).join(" ")).not.toContain("4242");
    },
  },
};
export default file;
