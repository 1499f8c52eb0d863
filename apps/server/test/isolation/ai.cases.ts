import { expect } from "vitest";
import { ok, refusedInB, type CaseFile, type World } from "./context";

const B_RULE = { type: "deny", name: "B secret rule", keywords: ["bsecretword"], priority: 1 };

function bRule({ server, bIds }: World) {
  return server.db.db.selectFrom("ai_rules").selectAll().where("id", "=", bIds.aiRuleId!).executeTakeFirstOrThrow();
}

function bWorkspace({ server, bIds }: World) {
  return server.db.db.selectFrom("workspaces").select(["ai_enabled", "safety_disabled", "rules_version"]).where("id", "=", bIds.workspaceId!).executeTakeFirstOrThrow();
}

/** Refused in B's workspace, NOT_FOUND from A's own, and B's rule unchanged. */
async function ruleUntouched(w: World, path: string, input: Record<string, unknown>) {
  const before = await bRule(w);
  await refusedInB(w, "mutation", path, input);
  expect(await w.a.mutation(path, input)).toMatchObject({ ok: false, code: "NOT_FOUND" });
  expect(await bRule(w)).toEqual(before);
}

const file: CaseFile = {
  async seed({ server, b, bIds }) {
    bIds.aiRuleId = ok<{ rule: { id: string } }>(await b.mutation("ai.rules.create", B_RULE)).rule.id;
    ok(await b.mutation("ai.safety.set", { category: "urgency", enabled: false }));
    ok(await b.mutation("ai.control.set", { enabled: true }));
    const d = await server.db.db
      .insertInto("ai_decisions")
      .values({ workspace_id: bIds.workspaceId!, batch_key: "b-secret-batch", triage: "ESCALATE", confidence: 1, reason: "B secret reason", snapshot: JSON.stringify({}) })
      .returning("id")
      .executeTakeFirstOrThrow();
    bIds.aiDecisionId = d.id;
  },
  cases: {
    "ai.control.get": async (w) => {
      await refusedInB(w, "query", "ai.control.get");
      const mine = ok<{ enabled: boolean; channels: { id: string }[] }>(await w.a.query("ai.control.get"));
      expect(mine.enabled).toBe(false);
      const bChannels = await w.server.db.db.selectFrom("channels").select("id").where("workspace_id", "=", w.bIds.workspaceId!).execute();
      for (const c of bChannels) expect(mine.channels.map((x) => x.id)).not.toContain(c.id);
    },
    "ai.control.set": async (w) => {
      const before = await bWorkspace(w);
      await refusedInB(w, "mutation", "ai.control.set", { enabled: false });
      const bChannels = await w.server.db.db.selectFrom("channels").select(["id", "ai_enabled"]).where("workspace_id", "=", w.bIds.workspaceId!).execute();
      for (const c of bChannels) {
        expect(await w.a.mutation("ai.control.set", { enabled: false, channelId: c.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      }
      ok(await w.a.mutation("ai.control.set", { enabled: false }));
      expect(await bWorkspace(w)).toEqual(before);
      expect(await w.server.db.db.selectFrom("channels").select(["id", "ai_enabled"]).where("workspace_id", "=", w.bIds.workspaceId!).execute()).toEqual(bChannels);
    },
    "ai.rules.list": async (w) => {
      await refusedInB(w, "query", "ai.rules.list");
      expect(ok<{ id: string }[]>(await w.a.query("ai.rules.list")).map((r) => r.id)).not.toContain(w.bIds.aiRuleId);
    },
    "ai.rules.create": async (w) => {
      const before = await w.server.db.db.selectFrom("ai_rules").select("id").where("workspace_id", "=", w.bIds.workspaceId!).execute();
      await refusedInB(w, "mutation", "ai.rules.create", { type: "deny", name: "intruder", keywords: ["x"] });
      expect(await w.server.db.db.selectFrom("ai_rules").select("id").where("workspace_id", "=", w.bIds.workspaceId!).execute()).toEqual(before);
    },
    "ai.rules.update": (w) => ruleUntouched(w, "ai.rules.update", { id: w.bIds.aiRuleId, type: "deny", name: "hijacked", keywords: ["x"] }),
    "ai.rules.delete": (w) => ruleUntouched(w, "ai.rules.delete", { id: w.bIds.aiRuleId }),
    "ai.safety.list": async (w) => {
      await refusedInB(w, "query", "ai.safety.list");
      // B switched urgency off; A's own list is untouched by it.
      const mine = ok<{ id: string; enabled: boolean }[]>(await w.a.query("ai.safety.list"));
      expect(mine.find((c) => c.id === "urgency")!.enabled).toBe(true);
    },
    "ai.safety.set": async (w) => {
      const before = await bWorkspace(w);
      await refusedInB(w, "mutation", "ai.safety.set", { category: "refund", enabled: false });
      ok(await w.a.mutation("ai.safety.set", { category: "refund", enabled: false }));
      ok(await w.a.mutation("ai.safety.set", { category: "refund", enabled: true }));
      expect(await bWorkspace(w)).toEqual(before);
    },
    "ai.test": async (w) => {
      await refusedInB(w, "mutation", "ai.test", { text: "bsecretword" });
      // B's rule and B's knowledge do not apply in A.
      const d = ok<{ rule: unknown; sources: { documentId: string }[] }>(await w.a.mutation("ai.test", { text: "bsecretword, le code secret de B ?" }));
      expect(d.rule).toBeNull();
      const bDocs = await w.server.db.db.selectFrom("knowledge_documents").select("id").where("workspace_id", "=", w.bIds.workspaceId!).execute();
      for (const doc of bDocs) expect(d.sources.map((s) => s.documentId)).not.toContain(doc.id);
    },
    "ai.decisions": async (w) => {
      await refusedInB(w, "query", "ai.decisions", {});
      const mine = ok<{ items: { id: string }[] }>(await w.a.query("ai.decisions", {}));
      expect(mine.items.map((d) => d.id)).not.toContain(w.bIds.aiDecisionId);
    },
    "ai.replay": async (w) => {
      await refusedInB(w, "mutation", "ai.replay", {});
      const res = ok<{ batches: number; examples: { conversationId: string }[] }>(await w.a.mutation("ai.replay", { rules: [{ type: "escalate", name: "all", patterns: ["."] }] }));
      const aMessages = await w.server.db.db.selectFrom("messages").select("id").where("workspace_id", "=", w.a.workspaceId!).where("direction", "=", "in").execute();
      expect(res.batches).toBeLessThanOrEqual(aMessages.length);
      const bConvs = await w.server.db.db.selectFrom("conversations").select("id").where("workspace_id", "=", w.bIds.workspaceId!).execute();
      for (const c of bConvs) expect(res.examples.map((e) => e.conversationId)).not.toContain(c.id);
    },
  },
};
export default file;
