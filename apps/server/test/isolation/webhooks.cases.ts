import { expect } from "vitest";
import { ok, refusedInB, type CaseFile, type World } from "./context";

const bHooks = ({ server, bIds }: World) => server.db.db.selectFrom("notification_webhooks").select(["id", "url", "secret_ciphertext"]).where("workspace_id", "=", bIds.workspaceId!).orderBy("id").execute();

const bDeliveries = ({ server, bIds }: World) =>
  server.db.db.selectFrom("notification_webhook_deliveries").select(["id", "status", "attempts"]).where("workspace_id", "=", bIds.workspaceId!).orderBy("id").execute();

const file: CaseFile = {
  // B's owner adds a webhook through the API; a delivery of it is logged, failed.
  async seed(w) {
    const hook = ok<{ id: string }>(await w.b.mutation("workspace.webhooks.create", { url: "https://hooks.example.com/b-secret" }));
    w.bIds.webhookId = hook.id;
    const db = w.server.db.db;
    const n = await db
      .insertInto("notifications")
      .values({ workspace_id: w.bIds.workspaceId!, kind: "token_expiring", object_type: "channel", object_id: crypto.randomUUID() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const d = await db
      .insertInto("notification_webhook_deliveries")
      .values({ workspace_id: w.bIds.workspaceId!, webhook_id: hook.id, notification_id: n.id, occurrence: 1, body: JSON.stringify({ secret: "of B" }), status: "failed", attempts: 8 })
      .returning("id")
      .executeTakeFirstOrThrow();
    w.bIds.webhookDeliveryId = d.id;
  },
  cases: {
    "workspace.webhooks.list": async (w) => {
      await refusedInB(w, "query", "workspace.webhooks.list");
      expect(ok<{ id: string }[]>(await w.a.query("workspace.webhooks.list")).map((h) => h.id)).not.toContain(w.bIds.webhookId);
      expect(ok<{ id: string }[]>(await w.b.query("workspace.webhooks.list")).map((h) => h.id)).toContain(w.bIds.webhookId);
    },
    "workspace.webhooks.create": async (w) => {
      const before = await bHooks(w);
      await refusedInB(w, "mutation", "workspace.webhooks.create", { url: "https://evil.example.com/" });
      ok(await w.a.mutation("workspace.webhooks.create", { url: "https://a.example.com/hook" }));
      expect(await bHooks(w)).toEqual(before);
    },
    "workspace.webhooks.delete": async (w) => {
      const before = await bHooks(w);
      await refusedInB(w, "mutation", "workspace.webhooks.delete", { id: w.bIds.webhookId });
      expect(await w.a.mutation("workspace.webhooks.delete", { id: w.bIds.webhookId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bHooks(w)).toEqual(before);
    },
    "workspace.webhooks.update": async (w) => {
      const before = await bHooks(w);
      await refusedInB(w, "mutation", "workspace.webhooks.update", { id: w.bIds.webhookId, url: "https://evil.example.com/" });
      expect(await w.a.mutation("workspace.webhooks.update", { id: w.bIds.webhookId, url: "https://evil.example.com/" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bHooks(w)).toEqual(before);
    },
    "workspace.webhooks.rotateSecret": async (w) => {
      const before = await bHooks(w);
      await refusedInB(w, "mutation", "workspace.webhooks.rotateSecret", { id: w.bIds.webhookId });
      expect(await w.a.mutation("workspace.webhooks.rotateSecret", { id: w.bIds.webhookId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bHooks(w)).toEqual(before);
    },
    "workspace.webhooks.test": async (w) => {
      const before = await bDeliveries(w);
      await refusedInB(w, "mutation", "workspace.webhooks.test", { id: w.bIds.webhookId });
      expect(await w.a.mutation("workspace.webhooks.test", { id: w.bIds.webhookId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bDeliveries(w)).toEqual(before);
    },
    "workspace.webhooks.redeliver": async (w) => {
      const before = await bDeliveries(w);
      await refusedInB(w, "mutation", "workspace.webhooks.redeliver", { id: w.bIds.webhookDeliveryId });
      expect(await w.a.mutation("workspace.webhooks.redeliver", { id: w.bIds.webhookDeliveryId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bDeliveries(w)).toEqual(before);
      expect(before.find((d) => d.id === w.bIds.webhookDeliveryId)?.status).toBe("failed");
    },
    "workspace.webhooks.deliveries": async (w) => {
      await refusedInB(w, "query", "workspace.webhooks.deliveries");
      expect(ok<{ id: string }[]>(await w.a.query("workspace.webhooks.deliveries", { webhookId: w.bIds.webhookId })).map((d) => d.id)).not.toContain(w.bIds.webhookDeliveryId);
      expect(ok<{ id: string }[]>(await w.b.query("workspace.webhooks.deliveries")).map((d) => d.id)).toContain(w.bIds.webhookDeliveryId);
    },
  },
};
export default file;
