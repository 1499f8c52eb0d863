import { expect } from "vitest";
import { ok, refusedInB, type CaseFile, type World } from "./context";

const bReads = ({ server, bIds }: World) => server.db.db.selectFrom("notification_reads").selectAll().where("workspace_id", "=", bIds.workspaceId!).execute();
const bMembers = ({ server, bIds }: World) => server.db.db.selectFrom("notification_members").selectAll().where("workspace_id", "=", bIds.workspaceId!).execute();
const bThresholds = async ({ server, bIds }: World) => ({
  settings: await server.db.db.selectFrom("notification_settings").selectAll().where("workspace_id", "=", bIds.workspaceId!).execute(),
  channels: await server.db.db.selectFrom("notification_channel_settings").selectAll().where("workspace_id", "=", bIds.workspaceId!).execute(),
});
const emailSettings = { timeZone: "Asia/Tokyo", quietFrom: 1, quietTo: 2, emailMode: "daily", digestHour: 3 };
const bPrefs = ({ server, bIds }: World) => server.db.db.selectFrom("notification_preferences").selectAll().where("workspace_id", "=", bIds.workspaceId!).execute();

const file: CaseFile = {
  // B has an open notification its owner would see (a channel to reconnect) and a stored preference.
  async seed(w) {
    const db = w.server.db.db;
    const row = await db
      .insertInto("notifications")
      .values({ workspace_id: w.bIds.workspaceId!, kind: "channel_reconnect", object_type: "channel", object_id: crypto.randomUUID(), params: JSON.stringify({ channelName: "B secret channel" }) })
      .returning("id")
      .executeTakeFirstOrThrow();
    w.bIds.notificationId = row.id;
    await db.insertInto("notification_preferences").values({ workspace_id: w.bIds.workspaceId!, user_id: w.bIds.userId!, kind: "publication_failed", in_app: false, email: false }).execute();
    // B's owner keeps e-mail digests in their zone, and B's channel has its own escalation threshold.
    ok(await w.b.mutation("notifications.emailSettings.set", { timeZone: "America/Montreal", quietFrom: 23, quietTo: 6, emailMode: "hourly", digestHour: 9 }));
    w.bIds.thresholdChannelId = (
      await db
        .insertInto("channels")
        .values({ workspace_id: w.bIds.workspaceId!, platform: "instagram", display_name: "B threshold channel", external_id: "ig-b-threshold", token_ciphertext: Buffer.from("x"), token_key_id: "k" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    ok(await w.b.mutation("notifications.thresholds.set", { defaultMinutes: 30, channels: [{ channelId: w.bIds.thresholdChannelId, minutes: 7 }] }));
  },
  cases: {
    "notifications.list": async (w) => {
      await refusedInB(w, "query", "notifications.list");
      const mine = ok<{ items: { id: string }[] }>(await w.a.query("notifications.list"));
      expect(mine.items.map((i) => i.id)).not.toContain(w.bIds.notificationId);
      // B's owner does see it: the case would pass vacuously otherwise.
      expect(ok<{ items: { id: string }[] }>(await w.b.query("notifications.list")).items.map((i) => i.id)).toContain(w.bIds.notificationId);
    },
    "notifications.markRead": async (w) => {
      const before = await bReads(w);
      await refusedInB(w, "mutation", "notifications.markRead", { ids: [w.bIds.notificationId] });
      expect(ok(await w.a.mutation("notifications.markRead", { ids: [w.bIds.notificationId] }))).toEqual({ marked: 0 });
      ok(await w.a.mutation("notifications.markRead", { all: true }));
      expect(await bReads(w)).toEqual(before);
    },
    "notifications.preferences.get": async (w) => {
      await refusedInB(w, "query", "notifications.preferences.get");
      const mine = ok<{ kind: string; isDefault: boolean }[]>(await w.a.query("notifications.preferences.get"));
      expect(mine.find((p) => p.kind === "publication_failed")).toMatchObject({ isDefault: true });
    },
    "notifications.preferences.set": async (w) => {
      const before = await bPrefs(w);
      await refusedInB(w, "mutation", "notifications.preferences.set", { preferences: [{ kind: "publication_failed", inApp: true, email: true }] });
      ok(await w.a.mutation("notifications.preferences.set", { preferences: [{ kind: "publication_failed", inApp: true, email: true }] }));
      expect(await bPrefs(w)).toEqual(before);
    },
    "notifications.emailSettings.get": async (w) => {
      await refusedInB(w, "query", "notifications.emailSettings.get");
      const mine = ok<{ timeZone: string | null; emailMode: string }>(await w.a.query("notifications.emailSettings.get"));
      expect(mine).toMatchObject({ timeZone: null, emailMode: "immediate" });
      expect(ok<{ timeZone: string | null }>(await w.b.query("notifications.emailSettings.get")).timeZone).toBe("America/Montreal");
    },
    "notifications.emailSettings.set": async (w) => {
      const before = await bMembers(w);
      await refusedInB(w, "mutation", "notifications.emailSettings.set", emailSettings);
      ok(await w.a.mutation("notifications.emailSettings.set", emailSettings));
      expect(await bMembers(w)).toEqual(before);
      ok(await w.a.mutation("notifications.emailSettings.set", { ...emailSettings, timeZone: null, emailMode: "immediate" }));
    },
    "notifications.thresholds.get": async (w) => {
      await refusedInB(w, "query", "notifications.thresholds.get");
      const mine = ok<{ defaultMinutes: number; channels: { channelId: string }[] }>(await w.a.query("notifications.thresholds.get"));
      expect(mine.defaultMinutes).toBe(15);
      expect(mine.channels.map((c) => c.channelId)).not.toContain(w.bIds.thresholdChannelId);
      expect(ok<{ channels: { channelId: string; minutes: number | null }[] }>(await w.b.query("notifications.thresholds.get")).channels).toContainEqual(
        expect.objectContaining({ channelId: w.bIds.thresholdChannelId, minutes: 7 }),
      );
    },
    "notifications.thresholds.set": async (w) => {
      const before = await bThresholds(w);
      await refusedInB(w, "mutation", "notifications.thresholds.set", { defaultMinutes: 1 });
      // B's channel named from A: not found, and A's own default unchanged with it.
      expect(await w.a.mutation("notifications.thresholds.set", { defaultMinutes: 2, channels: [{ channelId: w.bIds.thresholdChannelId, minutes: 1 }] })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(ok<{ defaultMinutes: number }>(await w.a.query("notifications.thresholds.get")).defaultMinutes).toBe(15);
      expect(await bThresholds(w)).toEqual(before);
    },
  },
};
export default file;
