import { expect } from "vitest";
import { ok, refusedInB, type CaseFile, type World } from "./context";

function bChannel({ server, bIds }: World) {
  return server.db.db.selectFrom("channels").select(["id", "status", "workspace_id", "token_ciphertext"]).where("id", "=", bIds.channelId!).executeTakeFirstOrThrow();
}

const file: CaseFile = {
  async seed({ server, b, bIds }) {
    const wa = server.fake.control.createWhatsAppAccount({});
    Object.assign(bIds, { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, waToken: wa.token });
    bIds.channelId = ok<{ id: string }>(await b.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).id;
  },
  cases: {
    "channels.list": async (w) => {
      await refusedInB(w, "query", "channels.list");
      const mine = ok<{ id: string }[]>(await w.a.query("channels.list"));
      expect(mine.map((c) => c.id)).not.toContain(w.bIds.channelId);
    },
    "channels.connectWhatsApp": async (w) => {
      const before = await bChannel(w);
      const input = { phoneNumberId: w.bIds.phoneNumberId, wabaId: w.bIds.wabaId, accessToken: w.bIds.waToken };
      await refusedInB(w, "mutation", "channels.connectWhatsApp", input);
      // Even holding B's token, A cannot take over B's number.
      expect(await w.a.mutation("channels.connectWhatsApp", input)).toMatchObject({ ok: false, code: "CONFLICT" });
      expect(await bChannel(w)).toEqual(before);
    },
    "channels.connectInstagram": async (w) => {
      const ig = w.server.fake.control.createInstagramAccount({});
      const inB = () => w.server.db.db.selectFrom("channels").select("id").where("workspace_id", "=", w.bIds.workspaceId!).orderBy("id").execute();
      const before = await inB();
      await refusedInB(w, "mutation", "channels.connectInstagram", { accessToken: ig.token });
      // Other case files may seed channels of their own in B: nothing was added to B by A.
      expect(await inB()).toEqual(before);
      expect(before.map((c) => c.id)).toContain(w.bIds.channelId);
    },
    "channels.connectWhatsAppSandbox": async (w) => {
      const inB = () => w.server.db.db.selectFrom("channels").select("id").where("workspace_id", "=", w.bIds.workspaceId!).orderBy("id").execute();
      const before = await inB();
      await refusedInB(w, "mutation", "channels.connectWhatsAppSandbox");
      // Outside demo mode it does not exist, in A's workspace too.
      expect(await w.a.mutation("channels.connectWhatsAppSandbox")).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await inB()).toEqual(before);
    },
    "channels.oauthStart": async (w) => {
      await refusedInB(w, "mutation", "channels.oauthStart", {});
      ok(await w.a.mutation("channels.oauthStart", {}));
      const states = await w.server.db.db.selectFrom("oauth_states").select("workspace_id").execute();
      expect(states.map((st) => st.workspace_id)).not.toContain(w.bIds.workspaceId);
    },
    "channels.disconnect": async (w) => {
      await refusedInB(w, "mutation", "channels.disconnect", { id: w.bIds.channelId });
      expect(await w.a.mutation("channels.disconnect", { id: w.bIds.channelId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect((await bChannel(w)).status).toBe("active");
    },
    "channels.retryWebhookSubscription": async (w) => {
      const webhookState = () => w.server.db.db.selectFrom("channels").select(["webhook_error", "webhook_subscribed_at"]).where("id", "=", w.bIds.channelId!).executeTakeFirstOrThrow();
      // B's subscription was refused: only B's admins may clear that and ask Meta again.
      await w.server.db.db.updateTable("channels").set({ webhook_error: "refused for B", webhook_error_at: new Date() }).where("id", "=", w.bIds.channelId!).execute();
      const before = await webhookState();
      await refusedInB(w, "mutation", "channels.retryWebhookSubscription", { id: w.bIds.channelId });
      expect(await w.a.mutation("channels.retryWebhookSubscription", { id: w.bIds.channelId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await webhookState()).toEqual(before);
    },
    "channels.health": async (w) => {
      await refusedInB(w, "query", "channels.health", { id: w.bIds.channelId });
      expect(await w.a.query("channels.health", { id: w.bIds.channelId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(ok<unknown[]>(await w.a.query("channels.health"))).toEqual([]);
    },
  },
};
export default file;
