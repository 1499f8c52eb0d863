import { expect } from "vitest";
import { tinyJpeg } from "../publishing/helpers";
import { ok, refusedInB, type CaseFile } from "./context";

const upload = { data: tinyJpeg().toString("base64"), filename: "a.jpg" };

const file: CaseFile = {
  async seed({ b, bIds }) {
    bIds.mediaId = ok<{ id: string }>(await b.mutation("media.upload", { data: tinyJpeg().toString("base64"), filename: "b.jpg" })).id;
  },
  cases: {
    "media.upload": async (w) => {
      const inB = () => w.server.db.db.selectFrom("media_assets").select("id").where("workspace_id", "=", w.bIds.workspaceId!).execute();
      const before = await inB();
      await refusedInB(w, "mutation", "media.upload", upload);
      const mine = ok<{ id: string; url: string }>(await w.a.mutation("media.upload", upload));
      const row = await w.server.db.db.selectFrom("media_assets").select(["workspace_id", "storage_key"]).where("id", "=", mine.id).executeTakeFirstOrThrow();
      expect(row.workspace_id).toBe(w.a.workspaceId);
      expect(row.storage_key.startsWith(`${w.a.workspaceId}/`)).toBe(true);
      expect(await inB()).toEqual(before);
    },
    "media.get": async (w) => {
      await refusedInB(w, "query", "media.get", { id: w.bIds.mediaId });
      expect(await w.a.query("media.get", { id: w.bIds.mediaId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      // A's posts cannot use B's media either.
      const wa = w.server.fake.control.createWhatsAppAccount({ templates: [{ name: "promo", bodyText: "Hello" }] });
      const channel = ok<{ id: string }>(await w.a.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).id;
      const res = await w.a.mutation("posts.create", {
        channelIds: [channel],
        timeZone: "Europe/Paris",
        publishAt: new Date(Date.now() + 86_400_000).toISOString(),
        content: { mediaIds: [w.bIds.mediaId], whatsapp: { template: { name: "promo", language: "en_US" }, audience: { phones: ["33600000201"] } } },
      });
      expect(res.ok === false && (res.data.fieldErrors as Record<string, string[]>)["content.mediaIds"]).toEqual(["Some media were not found: upload them again"]);
    },
  },
};
export default file;
