import { createSillageClient } from "@sillage/client";
import { expect } from "vitest";
import { ok, refusedInB, type CaseFile, type World } from "./context";

const later = () => new Date(Date.now() + 30 * 86_400_000).toISOString();
const content = (phone: string) => ({ whatsapp: { template: { name: "promo", language: "en_US" }, audience: { phones: [phone] } } });

async function connect(w: World, who: "a" | "b") {
  // "welcome" takes one body parameter: the boundary test's post samples fill it.
  const wa = w.server.fake.control.createWhatsAppAccount({ templates: [{ name: "promo", bodyText: "Hello" }, { name: "welcome", bodyText: "Hello {{1}}" }] });
  return ok<{ id: string }>(await w[who].mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token })).id;
}

function bPublications({ server, bIds }: World) {
  return server.db.db.selectFrom("post_publications").select(["id", "status", "due_at", "workspace_id"]).where("post_id", "in", [bIds.postId!, bIds.failedPostId!]).orderBy("id").execute();
}

const file: CaseFile = {
  async seed(w) {
    const { server, b, bIds } = w;
    bIds.postChannelId = await connect(w, "b");
    bIds.postId = ok<{ id: string }>(await b.mutation("posts.create", { channelIds: [bIds.postChannelId], timeZone: "Europe/Paris", publishAt: later(), content: content("33600000101") })).id;
    bIds.failedPostId = ok<{ id: string }>(await b.mutation("posts.create", { channelIds: [bIds.postChannelId], timeZone: "Europe/Paris", publishAt: later(), content: content("33600000102") })).id;
    const failed = await server.db.db
      .updateTable("post_publications")
      .set({ status: "failed", failed_at: new Date(), error_class: "invalid_input", error_message: "x" })
      .where("post_id", "=", bIds.failedPostId)
      .returning("id")
      .executeTakeFirstOrThrow();
    bIds.failedPublicationId = failed.id;
  },
  cases: {
    "posts.create": async (w) => {
      const before = await bPublications(w);
      await refusedInB(w, "mutation", "posts.create", { channelIds: [w.bIds.postChannelId], timeZone: "Europe/Paris", publishAt: later(), content: content("33600000103") });
      // A cannot publish on B's channel even knowing its id.
      const res = await w.a.mutation("posts.create", { channelIds: [w.bIds.postChannelId], timeZone: "Europe/Paris", publishAt: later(), content: content("33600000103") });
      expect(res).toMatchObject({ ok: false, code: "BAD_REQUEST" });
      expect(res.ok === false && (res.data.fieldErrors as Record<string, string[]>).channelIds).toEqual(["Channel not found"]);
      expect(await bPublications(w)).toEqual(before);
    },
    "posts.update": async (w) => {
      const before = await bPublications(w);
      const input = { id: w.bIds.postId, channelIds: [w.bIds.postChannelId], timeZone: "Europe/Paris", publishAt: later(), content: content("33600000104") };
      await refusedInB(w, "mutation", "posts.update", input);
      const aChannel = await connect(w, "a");
      expect(await w.a.mutation("posts.update", { ...input, channelIds: [aChannel] })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bPublications(w)).toEqual(before);
    },
    "posts.cancel": async (w) => {
      await refusedInB(w, "mutation", "posts.cancel", { id: w.bIds.postId });
      expect(await w.a.mutation("posts.cancel", { id: w.bIds.postId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect((await bPublications(w)).map((p) => p.status).sort()).toEqual(["failed", "queued"]);
    },
    "posts.retry": async (w) => {
      await refusedInB(w, "mutation", "posts.retry", { id: w.bIds.failedPostId });
      expect(await w.a.mutation("posts.retry", { id: w.bIds.failedPostId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      const failed = await w.server.db.db.selectFrom("post_publications").select("status").where("id", "=", w.bIds.failedPublicationId!).executeTakeFirstOrThrow();
      expect(failed.status).toBe("failed");
    },
    "posts.skipOccurrence": async (w) => {
      const before = await bPublications(w);
      const due = before.find((p) => p.status === "queued")!.due_at.toISOString();
      await refusedInB(w, "mutation", "posts.skipOccurrence", { id: w.bIds.postId, occurrence: due });
      expect(await w.a.mutation("posts.skipOccurrence", { id: w.bIds.postId, occurrence: due })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bPublications(w)).toEqual(before);
    },
    "posts.reschedule": async (w) => {
      const before = await bPublications(w);
      const due = before.find((p) => p.status === "queued")!.due_at.toISOString();
      const input = { id: w.bIds.postId, occurrence: due, at: later(), timeZone: "Europe/Paris" };
      await refusedInB(w, "mutation", "posts.reschedule", input);
      expect(await w.a.mutation("posts.reschedule", input)).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bPublications(w)).toEqual(before);
    },
    "posts.editOccurrence": async (w) => {
      const before = await bPublications(w);
      const due = before.find((p) => p.status === "queued")!.due_at.toISOString();
      const input = { id: w.bIds.postId, occurrence: due, content: content("33600000105") };
      await refusedInB(w, "mutation", "posts.editOccurrence", input);
      expect(await w.a.mutation("posts.editOccurrence", input)).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(await bPublications(w)).toEqual(before);
    },
    "posts.get": async (w) => {
      await refusedInB(w, "query", "posts.get", { id: w.bIds.postId });
      expect(await w.a.query("posts.get", { id: w.bIds.postId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    },
    "posts.list": async (w) => {
      await refusedInB(w, "query", "posts.list", {});
      const mine = ok<{ items: { id: string; postId: string }[] }>(await w.a.query("posts.list", { limit: 5000 }));
      const bIds = new Set((await bPublications(w)).map((p) => p.id));
      expect(mine.items.filter((i) => bIds.has(i.id) || i.postId === w.bIds.postId)).toEqual([]);
      expect(ok<{ items: unknown[] }>(await w.a.query("posts.list", { postId: w.bIds.postId })).items).toEqual([]);
    },
    "posts.calendar": async (w) => {
      const from = new Date(Date.now() + 86_400_000);
      const period = { from: from.toISOString(), to: new Date(from.getTime() + 40 * 86_400_000).toISOString() };
      // A daily series of B's: its later occurrences are computed (planned), not stored; they must stay B's too.
      const dtstart = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 11) + "09:00";
      const series = ok<{ id: string }>(
        await w.b.mutation("posts.create", { channelIds: [w.bIds.postChannelId], timeZone: "Europe/Paris", rrule: "FREQ=DAILY;COUNT=20", dtstart, content: content("33600000107") }),
      ).id;
      await refusedInB(w, "query", "posts.calendar", period);
      const mine = ok<{ items: { postId: string }[] }>(await w.a.query("posts.calendar", { ...period, limit: 5000 }));
      const bPosts = new Set([w.bIds.postId, w.bIds.failedPostId, series]);
      expect(mine.items.filter((i) => bPosts.has(i.postId))).toEqual([]);
      expect(ok<{ items: unknown[] }>(await w.a.query("posts.calendar", { ...period, channelId: w.bIds.postChannelId })).items).toEqual([]);
      // The same query as B sees the series: the filter above is what keeps A out.
      const theirs = ok<{ items: { postId: string; status: string }[] }>(await w.b.query("posts.calendar", period));
      expect(theirs.items.filter((i) => i.postId === series && i.status === "planned").length).toBeGreaterThan(10);
    },
    "posts.whatsappTemplates": async (w) => {
      await refusedInB(w, "query", "posts.whatsappTemplates", { channelId: w.bIds.postChannelId });
      expect(await w.a.query("posts.whatsappTemplates", { channelId: w.bIds.postChannelId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
      expect(ok<{ name: string }[]>(await w.b.query("posts.whatsappTemplates", { channelId: w.bIds.postChannelId })).map((t) => t.name)).toEqual(["promo", "welcome"]);
    },
    "posts.previewOccurrences": async (w) => {
      const input = { rrule: "FREQ=DAILY;COUNT=2", dtstart: "2030-01-01T09:00", timeZone: "Europe/Paris" };
      await refusedInB(w, "query", "posts.previewOccurrences", input);
      expect(ok<{ occurrences: unknown[] }>(await w.a.query("posts.previewOccurrences", input)).occurrences).toHaveLength(2);
    },
    "posts.onStatus": async (w) => {
      const { token } = ok<{ token: string }>(await w.a.mutation("apiTokens.create", { name: "a-post-listener" }));
      const client = createSillageClient({ url: w.server.url, token });
      const seen: string[] = [];
      const sub = client.posts.onStatus.subscribe(undefined, { onData: (e) => seen.push(e.data.postId) });
      await new Promise((r) => setTimeout(r, 300));
      const bPost = ok<{ id: string }>(await w.b.mutation("posts.create", { channelIds: [w.bIds.postChannelId], timeZone: "Europe/Paris", publishAt: later(), content: content("33600000105") })).id;
      const aChannel = await connect(w, "a");
      const aPost = ok<{ id: string }>(await w.a.mutation("posts.create", { channelIds: [aChannel], timeZone: "Europe/Paris", publishAt: later(), content: content("33600000106") })).id;
      await expect.poll(() => seen, { timeout: 5000 }).toEqual([aPost]);
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).not.toContain(bPost);
      sub.unsubscribe();
      const res = await fetch(`${w.server.url}/trpc/posts.onStatus?workspace=${w.bIds.workspaceId}`, { headers: { cookie: w.a.cookie, accept: "text/event-stream" } });
      expect(await res.text()).toContain("NOT_FOUND");
    },
  },
};
export default file;
