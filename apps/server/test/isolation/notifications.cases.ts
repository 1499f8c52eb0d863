import { expect } from "vitest";
import { ok, refusedInB, type CaseFile, type World } from "./context";

const bReads = ({ server, bIds }: World) => server.db.db.selectFrom("notification_reads").selectAll().where("workspace_id", "=", bIds.workspaceId!).execute();
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
  },
};
export default file;
