/**
 * A series' later occurrences against the plan's monthly post limit (issue 19): each occurrence is counted in the
 * month of its own date when it is added; one that does not fit is stored failed with `billing_limit_reached` and
 * its reason in words, is never published nor counted, notifies like any failed post, and the series goes on in the
 * next month.
 */
import { changePlan, usageOf } from "@sillage/billing";
import { findCandidates } from "@sillage/notifications";
import { advanceSeries, enqueueDuePosts, retryPost } from "@sillage/publishing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer } from "../harness";
import { connectWhatsApp, publicationsOf, waTemplate } from "./helpers";

let server: TestServer;
let owner: ApiSession;
let channelId: string;
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  server = await startTestServer();
  server.clock.set(at("2027-05-29T12:00:00Z"));
  owner = await ApiSession.signup(server.url, { email: "series-limit@example.com", workspaceName: "Series limit" });
  await changePlan(server.db.db, { workspaceId: owner.workspaceId!, plan: "free", by: "test", billingDay: 1 }, server.clock);
  channelId = (await connectWhatsApp(server, owner)).channelId;
});
afterAll(() => server.close());

/** `count` publications already out this May, from another post. */
async function publishedInMay(count: number) {
  const ws = owner.workspaceId!;
  const post = await server.db.db.insertInto("scheduled_posts").values({ workspace_id: ws, content: JSON.stringify({ caption: "x" }), time_zone: "Europe/Paris", publish_at: at("2027-05-02T08:00:00Z"), status: "completed" }).returning("id").executeTakeFirstOrThrow();
  await server.db.db
    .insertInto("post_publications")
    .values(Array.from({ length: count }, (_, i) => ({ workspace_id: ws, post_id: post.id, channel_id: channelId, due_at: new Date(Date.UTC(2027, 4, 2 + (i % 25), 8, i)), status: "published" })))
    .execute();
}

const jobOf = (publicationId: string) => server.db.db.selectFrom("graphile_worker.jobs" as never).select("id" as never).where("key" as never, "=", `publication:${publicationId}` as never).executeTakeFirst();

describe("a series' later occurrences and the monthly post limit", () => {
  it("refuses the occurrence that passes May's limit, then goes on in June", async () => {
    const ws = owner.workspaceId!;
    await publishedInMay(29);
    // Daily at 10:00 Paris (08:00 UTC) from May 30: the 30th is May's 30th post, the 31st would be the 31st.
    const { id } = ok<{ id: string }>(await owner.mutation("posts.create", { channelIds: [channelId], timeZone: "Europe/Paris", rrule: "FREQ=DAILY", dtstart: "2027-05-30T10:00", content: waTemplate(["33611119001"]) }));
    const [first] = await publicationsOf(server, id);
    expect(first!.due_at.toISOString()).toBe("2027-05-30T08:00:00.000Z");
    await server.db.db.updateTable("post_publications").set({ status: "published", published_at: first!.due_at }).where("id", "=", first!.id).execute();

    // The 30th is taken: the 31st is added, in a month already at its limit.
    expect(await advanceSeries(server.db.db, id, at("2027-05-30T08:00:00Z"), first!.due_at)).toEqual(at("2027-05-31T08:00:00Z"));
    const refused = (await publicationsOf(server, id))[1]!;
    expect(refused).toMatchObject({ status: "failed", error_class: "billing_limit_reached", due_at: at("2027-05-31T08:00:00Z") });
    expect(refused.status_reason).toBe("Not published: the free plan allows 30 posts a month and this month's are used. Move to pro to lift it.");
    expect(await jobOf(refused.id)).toBeUndefined();
    // Never counted: May stays at its limit, not over it.
    expect((await usageOf(server.db.db, ws, { now: () => at("2027-05-31T09:00:00Z") })).usage.posts).toBe(30);
    // It notifies as a failed post does, with its code.
    const candidates = await findCandidates(server.db.db, ws, at("2027-05-30T08:01:00Z"));
    expect(candidates.find((c) => c.kind === "publication_failed")).toMatchObject({ params: { publicationId: refused.id, errorClass: "billing_limit_reached" } });

    // Until its own time has passed the series waits: the sweep does not run through the month's remaining dates.
    expect((await enqueueDuePosts(server.db.db, at("2027-05-30T09:00:00Z"))).seriesAdvanced).toBe(0);
    // A retry while May is still full changes nothing.
    expect(await retryPost(server.db.db, id, at("2027-05-30T09:00:00Z"), refused.id)).toEqual({ retried: 0 });

    // After the 31st, the sweep moves the series on: June 1st is in a new month, within the limit.
    expect((await enqueueDuePosts(server.db.db, at("2027-05-31T08:01:00Z"))).seriesAdvanced).toBe(1);
    const june = (await publicationsOf(server, id))[2]!;
    expect(june).toMatchObject({ status: "queued", error_class: null, due_at: at("2027-06-01T08:00:00Z") });
    expect(await jobOf(june.id)).toBeDefined();
    expect((await usageOf(server.db.db, ws, { now: () => at("2027-06-01T09:00:00Z") })).usage.posts).toBe(1);

    // On pro, May has room: the refused occurrence can be retried and counts from then on.
    await changePlan(server.db.db, { workspaceId: ws, plan: "pro", by: "test", billingDay: 1 }, server.clock);
    expect(await retryPost(server.db.db, id, at("2027-05-31T09:00:00Z"), refused.id)).toEqual({ retried: 1 });
    const retried = (await publicationsOf(server, id))[1]!;
    expect(retried).toMatchObject({ status: "queued", error_class: null, error_message: null });
    expect((await usageOf(server.db.db, ws, { now: () => at("2027-05-31T09:00:00Z") })).usage.posts).toBe(31);
  });
});
