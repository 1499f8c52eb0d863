/**
 * Every way a person adds or moves publications, against the plan's monthly post limit in the month each one falls
 * in: creating a post for a later month, moving a one-off post or one occurrence, changing a series' rule, skipping an
 * occurrence (its next one takes its place), un-skipping one, adding a channel. At the limit the change is refused with
 * `billing_limit_reached` and nothing changed; with room it goes through; changing only what an occurrence says adds
 * nothing and is never refused. (A series' later occurrences, added in the background: series-limit.test.ts.)
 */
import { changePlan } from "@sillage/billing";
import { sql } from "@sillage/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer, type TrpcResult } from "../harness";
import { connectWhatsApp, waTemplate } from "./helpers";

let server: TestServer;
let owner: ApiSession;
let channels: [string, string];
let fillerPostId: string;
const at = (iso: string) => new Date(iso);
const PARIS = "Europe/Paris";
const content = waTemplate(["33611119301"]);
/** The free plan's monthly post limit. */
const LIMIT = 30;

beforeAll(async () => {
  server = await startTestServer();
  server.clock.set(at("2027-06-10T12:00:00Z"));
  owner = await ApiSession.signup(server.url, { email: "edit-limit@example.com", workspaceName: "Edit limit" });
  const ws = owner.workspaceId!;
  // Two channels connected on pro, kept after the move to free (a downgrade removes nothing).
  await changePlan(server.db.db, { workspaceId: ws, plan: "pro", by: "test", billingDay: 1 }, server.clock);
  channels = [(await connectWhatsApp(server, owner)).channelId, (await connectWhatsApp(server, owner)).channelId];
  await changePlan(server.db.db, { workspaceId: ws, plan: "free", by: "test", billingDay: 1 }, server.clock);
  const filler = await server.db.db
    .insertInto("scheduled_posts")
    .values({ workspace_id: ws, content: JSON.stringify({ caption: "x" }), time_zone: PARIS, publish_at: at("2027-06-01T08:00:00Z"), status: "completed" })
    .returning("id")
    .executeTakeFirstOrThrow();
  fillerPostId = filler.id;
});
afterAll(() => server.close());
beforeEach(async () => {
  await server.db.db.deleteFrom("post_publications").where("workspace_id", "=", owner.workspaceId!).execute();
});

/** `count` publications of another post in the month starting at `monthStart` (UTC), leaving the rest to the test. */
async function fill(monthStart: string, count: number) {
  const start = at(monthStart).getTime();
  await server.db.db
    .insertInto("post_publications")
    .values(Array.from({ length: count }, (_, i) => ({ workspace_id: owner.workspaceId!, post_id: fillerPostId, channel_id: channels[0], due_at: new Date(start + 86_400_000 + i * 60_000), status: "published" })))
    .execute();
}

/** What a refused change must leave as it was: the post's schedule, its publications and their jobs. */
async function stateOf(postId: string) {
  const { rows: [post] } = await sql<Record<string, unknown>>`
    select publish_at, rrule, dtstart_local::text, exdates::text, occurrence_overrides, status, next_occurrence_at
    from scheduled_posts where id = ${postId}`.execute(server.db.db);
  const { rows: publications } = await sql<Record<string, unknown>>`
    select p.channel_id, p.due_at, p.status, (select j.run_at from graphile_worker.jobs j where j.key = 'publication:' || p.id::text) as job_at
    from post_publications p where p.post_id = ${postId} order by p.due_at, p.channel_id`.execute(server.db.db);
  const { rows: postChannels } = await sql<{ channel_id: string }>`select channel_id from post_channels where post_id = ${postId} order by channel_id`.execute(server.db.db);
  return { post, publications, channels: postChannels.map((c) => c.channel_id) };
}

const refusal = (r: TrpcResult) => (r.ok ? null : { code: r.code, appError: (r.data as { appError?: { code: string; params: Record<string, unknown> } | null }).appError });
const limitReached = (used: number, requested: number) => ({ code: "FORBIDDEN", appError: { code: "billing_limit_reached", params: { feature: "posts", limit: LIMIT, used, requested, plan: "free" } } });

const createOnce = (publishAt: string, channelIds: string[] = [channels[0]]) => owner.mutation("posts.create", { channelIds, timeZone: PARIS, publishAt, content });
const createSeries = (rrule: string, dtstart: string, exdates: string[] = []) => owner.mutation("posts.create", { channelIds: [channels[0]], timeZone: PARIS, rrule, dtstart, exdates, content });
const dues = async (postId: string) => (await stateOf(postId)).publications.map((p) => `${(p.due_at as Date).toISOString()} ${p.status}`);

describe("a person's changes that add publications, against the monthly post limit", { timeout: 30_000 }, () => {
  it("creating a post: counted in the month it goes out, not the month it is created in", async () => {
    await fill("2027-07-01T00:00:00Z", LIMIT);
    const posts = async () => Number((await sql<{ n: string }>`select count(*) as n from scheduled_posts where workspace_id = ${owner.workspaceId!}`.execute(server.db.db)).rows[0]!.n);
    const before = await posts();
    expect(refusal(await createOnce("2027-07-20T10:00"))).toMatchObject(limitReached(LIMIT, 1));
    // A series whose first date is in the full month, likewise.
    expect(refusal(await createSeries("FREQ=WEEKLY", "2027-07-21T10:00"))).toMatchObject(limitReached(LIMIT, 1));
    expect(await posts()).toBe(before);
    // June (the month it is created in) and August have room.
    ok(await createOnce("2027-08-20T10:00"));
    ok(await createOnce("2027-06-20T10:00"));
  });

  it("moving a one-off post into a full month is refused; within a month with room it goes through", async () => {
    await fill("2027-07-01T00:00:00Z", LIMIT);
    const { id } = ok<{ id: string }>(await createOnce("2027-08-20T10:00"));
    const before = await stateOf(id);
    expect(refusal(await owner.mutation("posts.reschedule", { id, occurrence: "2027-08-20T08:00:00.000Z", at: "2027-07-20T10:00", timeZone: PARIS }))).toMatchObject(limitReached(LIMIT, 1));
    expect(refusal(await owner.mutation("posts.update", { id, channelIds: [channels[0]], timeZone: PARIS, publishAt: "2027-07-21T10:00", content }))).toMatchObject(limitReached(LIMIT, 1));
    expect(await stateOf(id)).toEqual(before);
    ok(await owner.mutation("posts.reschedule", { id, occurrence: "2027-08-20T08:00:00.000Z", at: "2027-08-22T10:00", timeZone: PARIS }));
    expect(await dues(id)).toEqual(["2027-08-22T08:00:00.000Z queued"]);
  });

  it("a month exactly at its limit: moving within it, or changing what a post says, adds nothing", async () => {
    await fill("2027-08-01T00:00:00Z", LIMIT - 1);
    const { id } = ok<{ id: string }>(await createOnce("2027-08-20T10:00"));
    // August is full with this post in it: another one is refused, this one may still move and change.
    expect(refusal(await createOnce("2027-08-21T10:00"))).toMatchObject(limitReached(LIMIT, 1));
    ok(await owner.mutation("posts.reschedule", { id, occurrence: "2027-08-20T08:00:00.000Z", at: "2027-08-25T10:00", timeZone: PARIS }));
    ok(await owner.mutation("posts.editOccurrence", { id, occurrence: "2027-08-25T08:00:00.000Z", content: waTemplate(["33611119302"]) }));
    expect(await dues(id)).toEqual(["2027-08-25T08:00:00.000Z queued"]);
    // Over a lowered limit (more than the limit already in August), a change of content alone still goes through.
    await fill("2027-08-10T00:00:00Z", 5);
    ok(await owner.mutation("posts.editOccurrence", { id, occurrence: "2027-08-25T08:00:00.000Z", content: waTemplate(["33611119303"]) }));
  });

  it("adding a channel to a post in a full month is refused; with room it goes through", async () => {
    await fill("2027-08-01T00:00:00Z", LIMIT - 1);
    const { id } = ok<{ id: string }>(await createOnce("2027-08-20T10:00"));
    const before = await stateOf(id);
    const update = () => owner.mutation("posts.update", { id, channelIds: channels, timeZone: PARIS, publishAt: "2027-08-20T10:00", content });
    // 29 others, this post's publication replaced by two: 31.
    expect(refusal(await update())).toMatchObject(limitReached(LIMIT - 1, 2));
    expect(await stateOf(id)).toEqual(before);
    await server.db.db.deleteFrom("post_publications").where("post_id", "=", fillerPostId).execute();
    ok(await update());
    expect((await stateOf(id)).publications).toHaveLength(2);
  });

  it("a series: a new rule, a moved occurrence, a skip or an un-skip that lands in a full month is refused", async () => {
    await fill("2027-07-01T00:00:00Z", LIMIT);
    // Monthly on the 15th, July's skipped: its first occurrence is August 15th.
    const { id } = ok<{ id: string }>(await createSeries("FREQ=MONTHLY", "2027-07-15T10:00", ["2027-07-15T10:00"]));
    expect(await dues(id)).toEqual(["2027-08-15T08:00:00.000Z queued"]);
    const before = await stateOf(id);
    const series = (rrule: string, exdates: string[]) => owner.mutation("posts.update", { id, channelIds: [channels[0]], timeZone: PARIS, rrule, dtstart: "2027-07-15T10:00", exdates, content });
    // Un-skipping July 15th.
    expect(refusal(await series("FREQ=MONTHLY", []))).toMatchObject(limitReached(LIMIT, 1));
    // A rule whose next date is in July: weekly from July 15th (the 15th skipped, the 22nd next).
    expect(refusal(await series("FREQ=WEEKLY", ["2027-07-15T10:00"]))).toMatchObject(limitReached(LIMIT, 1));
    // Moving August 15th to July 30th.
    expect(refusal(await owner.mutation("posts.reschedule", { id, occurrence: "2027-08-15T08:00:00.000Z", at: "2027-07-30T10:00", timeZone: PARIS }))).toMatchObject(limitReached(LIMIT, 1));
    expect(await stateOf(id)).toEqual(before);

    // With room in July, each goes through.
    await server.db.db.deleteFrom("post_publications").where("post_id", "=", fillerPostId).execute();
    ok(await owner.mutation("posts.reschedule", { id, occurrence: "2027-08-15T08:00:00.000Z", at: "2027-07-30T10:00", timeZone: PARIS }));
    expect(await dues(id)).toEqual(["2027-07-30T08:00:00.000Z queued"]);
    ok(await series("FREQ=MONTHLY", []));
    expect(await dues(id)).toEqual(["2027-07-15T08:00:00.000Z queued"]);
  });

  it("skipping an occurrence whose next one falls in a full month is refused; with room it goes through", async () => {
    await fill("2027-07-01T00:00:00Z", LIMIT);
    // Daily from June 30th: its next occurrence after a skip is July 1st.
    const { id } = ok<{ id: string }>(await createSeries("FREQ=DAILY", "2027-06-30T10:00"));
    const before = await stateOf(id);
    const skip = () => owner.mutation("posts.skipOccurrence", { id, occurrence: "2027-06-30T08:00:00.000Z" });
    expect(refusal(await skip())).toMatchObject(limitReached(LIMIT, 1));
    expect(await stateOf(id)).toEqual(before);
    await server.db.db.deleteFrom("post_publications").where("post_id", "=", fillerPostId).execute();
    ok(await skip());
    expect(await dues(id)).toEqual(["2027-07-01T08:00:00.000Z queued"]);
  });
});
