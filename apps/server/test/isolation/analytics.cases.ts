import { windowOf } from "@sillage/kpis";
import { expect } from "vitest";
import { ok, refusedInB, type CaseFile } from "./context";

interface Windows { windows: { messages_count: number }[] }
interface Summary { current: { values: { messages_count: number } } }

const file: CaseFile = {
  // Sorted first ("analytics"): seeds its own channel of B rather than relying on channels.cases.ts.
  async seed(w) {
    // B's figures for the last window that ended, the total and a channel of B's own.
    const ended = windowOf("Europe/Paris", new Date(Date.now() - 3 * 3600_000));
    const channel = await w.server.db.db
      .insertInto("channels")
      .values({ workspace_id: w.bIds.workspaceId!, platform: "whatsapp", external_id: `kpi-iso-${Date.now()}`, display_name: "B kpis", token_ciphertext: Buffer.from("x"), token_key_id: "k" })
      .returning("id")
      .executeTakeFirstOrThrow();
    w.bIds.kpiChannelId = channel.id;
    for (const channelId of [null, channel.id]) {
      await w.server.db.db
        .insertInto("kpi_windows")
        .values({ workspace_id: w.bIds.workspaceId!, channel_id: channelId, window_start: ended.start, window_end: ended.end, time_zone: "Europe/Paris", messages_count: 41 })
        .execute();
    }
  },
  cases: {
    "analytics.kpis": async (w) => {
      const range = { from: new Date(Date.now() - 24 * 3600_000), to: new Date() };
      await refusedInB(w, "query", "analytics.kpis", range);
      // B sees its figures; A sees only zeros, and B's channel does not exist for A.
      expect(ok<Windows>(await w.b.query("analytics.kpis", range)).windows.some((x) => x.messages_count === 41)).toBe(true);
      expect(ok<Windows>(await w.a.query("analytics.kpis", range)).windows.every((x) => x.messages_count === 0)).toBe(true);
      expect(await w.a.query("analytics.kpis", { ...range, channelId: w.bIds.kpiChannelId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    },
    "analytics.summary": async (w) => {
      await refusedInB(w, "query", "analytics.summary", {});
      expect(ok<Summary>(await w.b.query("analytics.summary", {})).current.values.messages_count).toBe(41);
      expect(ok<Summary>(await w.a.query("analytics.summary", {})).current.values.messages_count).toBe(0);
      expect(await w.a.query("analytics.summary", { channelId: w.bIds.kpiChannelId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    },
  },
};
export default file;
