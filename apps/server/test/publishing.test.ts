import { randomUUID } from "node:crypto";
import { advanceSeries, enqueueDuePosts, runPublication } from "@sillage/publishing";
import { sql } from "@sillage/db";
import type { Runner } from "@sillage/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, tokenClient, type TestServer } from "./harness";
import { webhooksSubscribed } from "./inbox/world";
import { connectInstagram, connectWhatsApp, inSeconds, publicationsOf, runsOf, startTestWorker, uploadJpeg, waTemplate } from "./publishing/helpers";

let server: TestServer;
let runner: Runner;
let owner: ApiSession;
let wa: Awaited<ReturnType<typeof connectWhatsApp>>;
let ig: Awaited<ReturnType<typeof connectInstagram>>;

beforeAll(async () => {
  server = await startTestServer();
  runner = await startTestWorker(server);
  owner = await ApiSession.signup(server.url, { email: "publisher@example.com", workspaceName: "Publisher" });
  wa = await connectWhatsApp(server, owner);
  ig = await connectInstagram(server, owner);
});
afterAll(async () => {
  await runner.stop();
  await server.close();
});

const create = async (input: Record<string, unknown>) => ok<{ id: string; nextDueAt: string }>(await owner.mutation("posts.create", { timeZone: "Europe/Paris", ...input }));
const waitStatus = (postId: string, status: string, timeout = 10_000) =>
  expect.poll(async () => (await publicationsOf(server, postId)).map((p) => p.status), { timeout, interval: 50 }).toEqual([status]);

describe("a post goes out by itself at its time", () => {
  it("WhatsApp: the template broadcast reaches the connector at T, not before, and not late", async () => {
    const phone = "33611110001";
    const at = inSeconds(server, 1.5);
    const { id } = await create({ channelIds: [wa.channelId], publishAt: at, content: waTemplate([phone]) });
    expect((await publicationsOf(server, id))[0]).toMatchObject({ status: "queued", due_at: new Date(at) });
    await new Promise((r) => setTimeout(r, 800));
    expect(server.fake.control.sentMessages({ accountId: wa.phoneNumberId }).filter((m) => m.to === phone)).toEqual([]);
    await waitStatus(id, "published");
    const sent = server.fake.control.sentMessages({ accountId: wa.phoneNumberId }).filter((m) => m.to === phone);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.template).toMatchObject({ name: "promo" });
    const lateness = new Date(sent[0]!.at).getTime() - new Date(at).getTime();
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThan(1000);
    const [pub] = await publicationsOf(server, id);
    expect(pub).toMatchObject({ attempts: 1, platform_post_id: `broadcast:${pub!.id}` });
    expect(pub!.publishing_at!.getTime()).toBeLessThanOrEqual(pub!.published_at!.getTime());
    const runs = await runsOf(server, pub!.id);
    expect(runs).toEqual([expect.objectContaining({ attempt: 1, status: "success", step: "done" })]);
  });

  it("Instagram: container → finished → published, with the image behind a signed, expiring link", async () => {
    const mediaId = await uploadJpeg(owner);
    const at = inSeconds(server, 1.5);
    const { id } = await create({ channelIds: [ig.channelId], publishAt: at, content: { text: "Nouvelle collection #printemps", mediaIds: [mediaId] } });
    await waitStatus(id, "published");
    const published = server.fake.control.published({ igUserId: ig.igUserId });
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ caption: "Nouvelle collection #printemps" });
    expect(new Date(published[0]!.at).getTime() - new Date(at).getTime()).toBeLessThan(1500);
    const imageUrl = published[0]!.imageUrl!;
    expect(imageUrl.startsWith(`${server.url}/media/`)).toBe(true);
    const fetched = await fetch(imageUrl);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("content-type")).toBe("image/jpeg");
    expect((await fetch(imageUrl.replace(/sig=[^&]+/, "sig=forged"))).status).toBe(403);
    const [pub] = await publicationsOf(server, id);
    expect(pub).toMatchObject({ platform_post_id: published[0]!.mediaId, permalink: published[0]!.permalink });
    const runs = await runsOf(server, pub!.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.platform_ids).toMatchObject({ mediaId: published[0]!.mediaId, containerId: published[0]!.containerId });
    // Every transition was announced live, in order.
    const events = await server.db.db.selectFrom("workspace_events").select("payload").where("type", "=", "post.status").orderBy("id").execute();
    const mine = events.map((e) => e.payload as { publicationId?: string; status: string }).filter((e) => e.publicationId === pub!.id);
    expect(mine.map((e) => e.status)).toEqual(["publishing", "published"]);
  });

  it("posts.get returns the post with its runs; posts.list pages by time with a cursor", async () => {
    const { id } = await create({ channelIds: [wa.channelId], publishAt: inSeconds(server, 3600), content: waTemplate(["33611110002"]) });
    const got = ok<{ id: string; channels: unknown[]; publications: { status: string; runs: unknown[] }[] }>(await owner.query("posts.get", { id }));
    expect(got).toMatchObject({ id, timeZone: "Europe/Paris", channels: [expect.objectContaining({ id: wa.channelId })], publications: [expect.objectContaining({ status: "queued", runs: [] })] });
    const page1 = ok<{ items: { id: string; status: string }[]; nextCursor: string | null }>(await owner.query("posts.list", { limit: 1 }));
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).toBeTruthy();
    const all = ok<{ items: { id: string }[] }>(await owner.query("posts.list", { limit: 100 }));
    const page2 = ok<{ items: { id: string }[] }>(await owner.query("posts.list", { limit: 100, cursor: page1.nextCursor }));
    expect([page1.items[0]!.id, ...page2.items.map((i) => i.id)]).toEqual(all.items.map((i) => i.id));
    const queued = ok<{ items: { status: string; platform: string }[] }>(await owner.query("posts.list", { status: ["queued"], channelId: wa.channelId }));
    expect(queued.items.length).toBeGreaterThan(0);
    expect(queued.items.every((i) => i.status === "queued" && i.platform === "whatsapp")).toBe(true);
    ok(await owner.mutation("posts.cancel", { id }));
  });
});

describe("errors, retries and the never-twice guarantee", () => {
  it("transient errors give 3 attempts, then failed, with a message and every run recorded", async () => {
    server.fake.control.injectFault({ kind: "transient", match: { operation: "instagram.container_create" }, times: 10 });
    try {
      const mediaId = await uploadJpeg(owner);
      const { id } = await create({ channelIds: [ig.channelId], publishAt: inSeconds(server, 0), content: { text: "transient", mediaIds: [mediaId] } });
      await waitStatus(id, "failed");
      const [pub] = await publicationsOf(server, id);
      expect(pub).toMatchObject({ attempts: 3, error_class: "retryable", error_message: "The platform had a temporary problem. Sillage will try again." });
      const runs = await runsOf(server, pub!.id);
      expect(runs.map((r) => [r.attempt, r.status, r.error_class])).toEqual([
        [1, "retrying", "retryable"],
        [2, "retrying", "retryable"],
        [3, "failed", "retryable"],
      ]);
      expect(runs.every((r) => r.finished_at)).toBe(true);
      expect(server.fake.control.published({ igUserId: ig.igUserId }).filter((p) => p.caption === "transient")).toEqual([]);
    } finally {
      server.fake.control.clearFaults();
    }
  });

  it("a permanent error fails at once with words a person can act on; retry (failed only) sends it", async () => {
    server.fake.control.injectFault({ kind: "permanent", match: { operation: "instagram.container_create" }, code: 100, subcode: 2207010 });
    const mediaId = await uploadJpeg(owner);
    const { id } = await create({ channelIds: [ig.channelId], publishAt: inSeconds(server, 0), content: { text: "permanent", mediaIds: [mediaId] } });
    await waitStatus(id, "failed");
    const [pub] = await publicationsOf(server, id);
    expect(pub).toMatchObject({ attempts: 1, error_class: "invalid_input" });
    expect(pub!.error_message).toMatch(/Caption longer than 2,200 characters/);
    expect(await runsOf(server, pub!.id)).toHaveLength(1);
    const notFailed = await create({ channelIds: [wa.channelId], publishAt: inSeconds(server, 3600), content: waTemplate(["33611110003"]) });
    expect(await owner.mutation("posts.retry", { id: notFailed.id })).toMatchObject({ ok: false, code: "PRECONDITION_FAILED" });
    ok(await owner.mutation("posts.retry", { id }));
    await waitStatus(id, "published");
    expect(server.fake.control.published({ igUserId: ig.igUserId }).filter((p) => p.caption === "permanent")).toHaveLength(1);
    ok(await owner.mutation("posts.cancel", { id: notFailed.id }));
  });

  it("a revoked token fails at once with 'reconnect the Instagram account'", async () => {
    const other = await connectInstagram(server, owner);
    // Revoked after the connection's webhook subscription, or that job finds the refusal first and the post cannot be made.
    await webhooksSubscribed(server, [other.channelId]);
    server.fake.control.revokeToken({ token: other.token });
    const mediaId = await uploadJpeg(owner);
    const { id } = await create({ channelIds: [other.channelId], publishAt: inSeconds(server, 0), content: { text: "revoked", mediaIds: [mediaId] } });
    await waitStatus(id, "failed");
    const [pub] = await publicationsOf(server, id);
    expect(pub!.error_message).toMatch(/^Reconnect the Instagram account/);
    const channel = await server.db.db.selectFrom("channels").select("status").where("id", "=", other.channelId).executeTakeFirstOrThrow();
    expect(channel.status).toBe("needs_reconnect");
  });

  it("a response lost after media_publish: the retry finds the post already published and never publishes twice", async () => {
    server.fake.control.injectFault({ kind: "lost_response", match: { operation: "instagram.media_publish" } });
    const mediaId = await uploadJpeg(owner);
    const { id } = await create({ channelIds: [ig.channelId], publishAt: inSeconds(server, 0), content: { text: "lost response", mediaIds: [mediaId] } });
    await waitStatus(id, "published");
    const published = server.fake.control.published({ igUserId: ig.igUserId }).filter((p) => p.caption === "lost response");
    expect(published).toHaveLength(1);
    const [pub] = await publicationsOf(server, id);
    expect(pub!.platform_post_id).toBe(published[0]!.mediaId);
    const runs = await runsOf(server, pub!.id);
    expect(runs.map((r) => r.status)).toEqual(["retrying", "success"]);
    // One container, reused by the second attempt.
    expect(server.fake.control.containers().filter((c) => c.id === published[0]!.containerId)).toHaveLength(1);
    expect(runs[0]!.platform_ids).toMatchObject({ containerId: published[0]!.containerId });
  });

  it("Instagram's quota: a post that would exceed it waits with a reason instead of failing", async () => {
    const shop = await connectInstagram(server, owner);
    server.fake.control.configure({ publishQuota: 0 });
    try {
      const mediaId = await uploadJpeg(owner);
      const { id } = await create({ channelIds: [shop.channelId], publishAt: inSeconds(server, 0), content: { text: "quota", mediaIds: [mediaId] } });
      await waitStatus(id, "waiting_quota");
      const [pub] = await publicationsOf(server, id);
      expect(pub!.status_reason).toMatch(/limit of 0 API-published posts per 24 hours/);
      // A quota wait is an attempt (its run is numbered 1 and says so), not a failure.
      expect(pub).toMatchObject({ attempts: 1, failures: 0 });
      expect(pub!.next_attempt_at!.getTime() - Date.now()).toBeGreaterThan(50 * 60_000);
      expect(server.fake.control.calls().some((c) => c.operation === "instagram.publishing_limit" && c.accountId === shop.igUserId)).toBe(true);
      ok(await owner.mutation("posts.cancel", { id }));
    } finally {
      server.fake.control.configure({ publishQuota: 100 });
    }
  });
});

describe("cancel and edit stop the old version", () => {
  it("cancel before T: nothing is sent and the job is gone", async () => {
    const phone = "33611110004";
    const { id } = await create({ channelIds: [wa.channelId], publishAt: inSeconds(server, 1), content: waTemplate([phone]) });
    const [pub] = await publicationsOf(server, id);
    expect(ok(await owner.mutation("posts.cancel", { id }))).toEqual({ cancelled: 1, stopping: 0 });
    const jobs = await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs where key = ${`publication:${pub!.id}`}`.execute(server.db.db);
    expect(jobs.rows[0]!.n).toBe(0);
    await new Promise((r) => setTimeout(r, 1800));
    expect(server.fake.control.sentMessages({ accountId: wa.phoneNumberId }).filter((m) => m.to === phone)).toEqual([]);
    expect((await publicationsOf(server, id)).map((p) => p.status)).toEqual(["cancelled"]);
    expect(await owner.mutation("posts.update", { id, channelIds: [wa.channelId], publishAt: inSeconds(server, 60), timeZone: "Europe/Paris", content: waTemplate([phone]) })).toMatchObject({ ok: false, code: "PRECONDITION_FAILED" });
  });

  it("cancel while a broadcast is going out stops it after the batch in hand: the rest get nothing, the run says stopped", async () => {
    const phones = Array.from({ length: 130 }, (_, i) => `3361200${String(i).padStart(4, "0")}`);
    // Each send takes 15 ms: a batch of 50 recipients (one step) takes ≈ 0.75 s.
    server.fake.control.injectFault({ kind: "slow", delayMs: 15, times: 1000, match: { operation: "whatsapp.send" } });
    const { id } = await create({ channelIds: [wa.channelId], publishAt: inSeconds(server, 0.2), content: waTemplate(phones) });
    const sentTo = () => server.fake.control.sentMessages({ accountId: wa.phoneNumberId }).filter((m) => phones.includes(m.to)).length;
    await expect.poll(sentTo, { timeout: 10_000, interval: 20 }).toBeGreaterThan(5);
    expect(ok(await owner.mutation("posts.cancel", { id }))).toEqual({ cancelled: 0, stopping: 1 });
    await waitStatus(id, "cancelled");
    server.fake.control.clearFaults();
    const [pub] = await publicationsOf(server, id);
    const sent = sentTo();
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(phones.length);
    expect(sent % 50).toBe(0); // stopped on a step boundary, never in the middle of a batch
    expect(pub!.status_reason).toBe(`Stopped on request after sending to ${sent} recipients; the others got nothing.`);
    expect(pub!.cancelled_at).not.toBeNull();
    expect(await runsOf(server, pub!.id)).toEqual([expect.objectContaining({ attempt: 1, status: "stopped", step: "sending" })]);
    // Nothing more goes out later, and the job is gone.
    await new Promise((r) => setTimeout(r, 800));
    expect(sentTo()).toBe(sent);
    const jobs = await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs where key = ${`publication:${pub!.id}`}`.execute(server.db.db);
    expect(jobs.rows[0]!.n).toBe(0);
  });

  it("cancel after an Instagram publish whose answer was lost: the container decides — published if it was, cancelled if not", async () => {
    const at = new Date("2031-06-01T08:00:00Z");
    const deps = { db: server.db.db, clock: { now: () => at }, connectors: server.connectors, secretBox: server.secretBox, media: server.media, logger: server.logger, workerId: "test" };
    const mediaId = await uploadJpeg(owner);
    // 1. media_publish went through, its answer lost: the attempt ends "retrying" with the container saved.
    server.fake.control.injectFault({ kind: "lost_response", match: { operation: "instagram.media_publish" } });
    const went = await create({ channelIds: [ig.channelId], publishAt: at.toISOString(), content: { text: "lost then cancelled", mediaIds: [mediaId] } });
    const [wentPub] = await publicationsOf(server, went.id);
    expect(await runPublication(deps, wentPub!.id)).toBe("retrying");
    expect(ok(await owner.mutation("posts.cancel", { id: went.id }))).toEqual({ cancelled: 0, stopping: 1 });
    // The worker checks now (not at the retry's time) and finds it public: it says published, not cancelled.
    await waitStatus(went.id, "published");
    expect(server.fake.control.published({ igUserId: ig.igUserId }).filter((p) => p.caption === "lost then cancelled")).toHaveLength(1);

    // 2. media_publish refused (nothing went out): the check finds the container unpublished and stops there.
    server.fake.control.injectFault({ kind: "transient", match: { operation: "instagram.media_publish" } });
    const held = await create({ channelIds: [ig.channelId], publishAt: at.toISOString(), content: { text: "refused then cancelled", mediaIds: [mediaId] } });
    const [heldPub] = await publicationsOf(server, held.id);
    expect(await runPublication(deps, heldPub!.id)).toBe("retrying");
    expect(ok(await owner.mutation("posts.cancel", { id: held.id }))).toEqual({ cancelled: 0, stopping: 1 });
    await waitStatus(held.id, "cancelled");
    const [after] = await publicationsOf(server, held.id);
    expect(after!.status_reason).toBe("Stopped on request before publishing: nothing was posted.");
    expect(server.fake.control.published({ igUserId: ig.igUserId }).filter((p) => p.caption === "refused then cancelled")).toEqual([]);
    expect((await runsOf(server, after!.id)).map((r) => r.status)).toEqual(["retrying", "stopped"]);
  });

  it("editing a queued post replaces its job: only the new version goes out, at the new time", async () => {
    const { id } = await create({ channelIds: [wa.channelId], publishAt: inSeconds(server, 1), content: waTemplate(["33611110005"]) });
    ok(await owner.mutation("posts.update", { id, channelIds: [wa.channelId], publishAt: inSeconds(server, 2), timeZone: "Europe/Paris", content: waTemplate(["33611110006"]) }));
    await waitStatus(id, "published");
    const to = server.fake.control.sentMessages({ accountId: wa.phoneNumberId }).map((m) => m.to);
    expect(to).toContain("33611110006");
    expect(to).not.toContain("33611110005");
  });

  it("content is validated against the channel's capabilities, with field errors", async () => {
    const mediaId = await uploadJpeg(owner);
    const res = await owner.mutation("posts.create", { channelIds: [ig.channelId, wa.channelId], timeZone: "Europe/Paris", publishAt: inSeconds(server, 60), content: { text: "x".repeat(2300), mediaIds: [mediaId] } });
    expect(res).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    if (!res.ok) {
      const fe = res.data.fieldErrors as Record<string, string[]>;
      expect(fe["content.text"]).toContain("Caption longer than 2,200 characters (Instagram)");
      expect(fe["content.whatsapp.template"]).toBeTruthy();
    }
    const past = await owner.mutation("posts.create", { channelIds: [wa.channelId], timeZone: "Europe/Paris", publishAt: "2020-01-01T10:00", content: waTemplate(["33611110007"]) });
    expect(past.ok === false && (past.data.fieldErrors as Record<string, string[]>).publishAt).toEqual(["Choose a time in the future"]);
    const badRule = await owner.mutation("posts.create", { channelIds: [wa.channelId], timeZone: "Europe/Paris", rrule: "FREQ=SECONDLY", dtstart: "2030-01-01T09:00", content: waTemplate(["33611110007"]) });
    expect(badRule.ok === false && (badRule.data.fieldErrors as Record<string, string[]>).rrule).toEqual(["Posts can repeat at most every hour"]);
  });
});

describe("series", () => {
  it("an occurrence missed by hours (the service was down) is skipped with a reason, and the series goes on", async () => {
    const { id } = await create({ channelIds: [wa.channelId], rrule: "FREQ=DAILY", dtstart: "2031-01-01T09:00", content: waTemplate(["33611110031"]) });
    const [missed] = await publicationsOf(server, id);
    const threeHoursLate = new Date(missed!.due_at.getTime() + 3 * 3_600_000);
    const sendsBefore = server.fake.control.sentMessages({ channel: "whatsapp" }).length;
    const outcome = await runPublication(
      { db: server.db.db, clock: { now: () => threeHoursLate }, connectors: server.connectors, secretBox: server.secretBox, media: server.media, logger: server.logger, workerId: "test" },
      missed!.id,
    );
    expect(outcome).toBe("skipped");
    expect(server.fake.control.sentMessages({ channel: "whatsapp" })).toHaveLength(sendsBefore);
    const pubs = await publicationsOf(server, id);
    expect(pubs.map((p) => [p.due_at.toISOString(), p.status])).toEqual([
      ["2031-01-01T08:00:00.000Z", "cancelled"],
      ["2031-01-02T08:00:00.000Z", "queued"],
    ]);
    expect(pubs[0]!.status_reason).toMatch(/^Skipped: .* within 15 minutes/);
    ok(await owner.mutation("posts.cancel", { id }));
  });

  it("a daily 09:00 Europe/Paris series goes out at 09:00 local across both DST changes, one occurrence materialized at a time", async () => {
    const phone = "33611110008";
    for (const [dtstart, expected] of [
      ["2027-03-26T09:00", ["2027-03-26T08:00:00.000Z", "2027-03-27T08:00:00.000Z", "2027-03-28T07:00:00.000Z", "2027-03-29T07:00:00.000Z"]],
      ["2027-10-29T09:00", ["2027-10-29T07:00:00.000Z", "2027-10-30T07:00:00.000Z", "2027-10-31T08:00:00.000Z", "2027-11-01T08:00:00.000Z"]],
    ] as const) {
      const { id } = await create({ channelIds: [wa.channelId], rrule: "FREQ=DAILY;COUNT=4", dtstart, content: waTemplate([phone]) });
      const seen: string[] = [];
      for (let i = 0; i < 4; i++) {
        const pending = (await publicationsOf(server, id)).filter((p) => p.status === "queued");
        // Never all in advance: exactly the next occurrence exists.
        expect(pending).toHaveLength(1);
        const due = pending[0]!.due_at;
        seen.push(due.toISOString());
        // The worker, at that instant (injected clock): takes it, which materializes the next one, and publishes.
        const outcome = await runPublication(
          { db: server.db.db, clock: { now: () => due }, connectors: server.connectors, secretBox: server.secretBox, media: server.media, logger: server.logger, workerId: "test" },
          pending[0]!.id,
        );
        expect(outcome).toBe("published");
      }
      expect(seen).toEqual(expected);
      expect((await publicationsOf(server, id)).map((p) => p.status)).toEqual(["published", "published", "published", "published"]);
      const post = await server.db.db.selectFrom("scheduled_posts").select(["status", "next_occurrence_at"]).where("id", "=", id).executeTakeFirstOrThrow();
      expect(post.next_occurrence_at).toBeNull();
    }
  });

  it("a retried publication keeps its saved progress: no edit can replace what already reached recipients", async () => {
    const { id } = await create({ channelIds: [wa.channelId], publishAt: "2030-02-01T10:00:00.000Z", content: waTemplate(["33611110021", "33611110022"]) });
    // As after a broadcast that failed half-way and was retried by hand: queued, the progress kept.
    const progress = { platform: "whatsapp", step: "sending", broadcastId: "b", results: { "33611110021": { status: "sent", wamid: "wamid.X", at: "2030-02-01T10:00:01.000Z" } } };
    await server.db.db.updateTable("post_publications").set({ attempts: 1, failures: 0, progress: JSON.stringify(progress) }).where("post_id", "=", id).execute();
    const edit = await owner.mutation("posts.update", { id, channelIds: [wa.channelId], publishAt: "2030-02-02T10:00:00.000Z", timeZone: "Europe/Paris", content: waTemplate(["33611110021", "33611110022"]) });
    expect(edit).toMatchObject({ ok: false, message: expect.stringMatching(/already started going out/) });
    const [pub] = await publicationsOf(server, id);
    expect(pub!.progress).toEqual(progress);
    ok(await owner.mutation("posts.cancel", { id }));
  });

  it("a series edit applies to future occurrences only; previewOccurrences shows the next ones", async () => {
    const { id } = await create({ channelIds: [wa.channelId], rrule: "FREQ=WEEKLY;BYDAY=MO", dtstart: "2030-01-07T10:00", content: waTemplate(["33611110009"]) });
    const preview = ok<{ occurrences: string[] }>(await owner.query("posts.previewOccurrences", { rrule: "FREQ=DAILY;COUNT=3", dtstart: "2030-03-30T02:30", timeZone: "Europe/Paris" }));
    expect(preview.occurrences.map((d) => new Date(d).toISOString())).toEqual(["2030-03-30T01:30:00.000Z", "2030-03-31T01:30:00.000Z", "2030-04-01T00:30:00.000Z"]);
    const [first] = await publicationsOf(server, id);
    expect(first!.due_at.toISOString()).toBe("2030-01-07T09:00:00.000Z");
    ok(await owner.mutation("posts.update", { id, channelIds: [wa.channelId], rrule: "FREQ=WEEKLY;BYDAY=TU", dtstart: "2030-01-07T11:00", timeZone: "Europe/Paris", content: waTemplate(["33611110009"]) }));
    const after = await publicationsOf(server, id);
    expect(after.map((p) => p.due_at.toISOString())).toEqual(["2030-01-08T10:00:00.000Z"]);
    const jobs = await sql<{ key: string; run_at: Date }>`select key, run_at from graphile_worker._private_jobs where key = ${`publication:${first!.id}`} or key = ${`publication:${after[0]!.id}`}`.execute(server.db.db);
    expect(jobs.rows.map((j) => [j.key, j.run_at.toISOString()])).toEqual([[`publication:${after[0]!.id}`, "2030-01-08T10:00:00.000Z"]]);
    ok(await owner.mutation("posts.cancel", { id }));
  });
});

describe("the calendar", () => {
  type Entry = { id: string; postId: string; channelId: string; dueAt: string; status: string; series: boolean };
  const calendar = async (from: string, to: string, extra: Record<string, unknown> = {}) =>
    ok<{ items: Entry[]; truncated: boolean }>(await owner.query("posts.calendar", { from, to, ...extra }));

  it("shows a series' later occurrences as planned, at 09:00 local across the spring change, without storing them", async () => {
    const { id } = await create({ channelIds: [wa.channelId, ig.channelId], rrule: "FREQ=DAILY;COUNT=6", dtstart: "2031-03-28T09:00", exdates: ["2031-03-31T09:00"], content: { text: "Bonjour", mediaIds: [await uploadJpeg(owner)], whatsapp: waTemplate(["33611110031"]).whatsapp } });
    const stored = await publicationsOf(server, id);
    expect(stored).toHaveLength(2); // the first occurrence, once per channel
    const { items, truncated } = await calendar("2031-03-27T00:00:00Z", "2031-04-05T00:00:00Z");
    expect(truncated).toBe(false);
    const mine = items.filter((i) => i.postId === id);
    // 6 occurrences minus the EXDATE, on two channels; 09:00 Paris is 08:00Z before the change and 07:00Z after.
    const dues = [...new Set(mine.map((i) => new Date(i.dueAt).toISOString()))];
    expect(dues).toEqual(["2031-03-28T08:00:00.000Z", "2031-03-29T08:00:00.000Z", "2031-03-30T07:00:00.000Z", "2031-04-01T07:00:00.000Z", "2031-04-02T07:00:00.000Z"]);
    expect(mine.filter((i) => i.status === "queued").map((i) => i.id).sort()).toEqual(stored.map((p) => p.id).sort());
    expect(mine.filter((i) => i.status === "planned")).toHaveLength(8);
    expect(new Set(mine.map((i) => i.channelId))).toEqual(new Set([wa.channelId, ig.channelId]));
    // Nothing more was written to build the view.
    expect(await publicationsOf(server, id)).toHaveLength(2);

    // A channel filter, a narrower window, and the limit.
    expect((await calendar("2031-03-27T00:00:00Z", "2031-04-05T00:00:00Z", { channelId: ig.channelId })).items.filter((i) => i.postId === id)).toHaveLength(5);
    const week = await calendar("2031-03-30T00:00:00Z", "2031-04-02T00:00:00Z");
    expect(week.items.filter((i) => i.postId === id).map((i) => i.status)).toEqual(["planned", "planned", "planned", "planned"]);
    expect(await calendar("2031-03-27T00:00:00Z", "2031-04-05T00:00:00Z", { limit: 3 })).toMatchObject({ truncated: true, items: expect.any(Array) });

    // Cancelling the series removes what was planned too.
    ok(await owner.mutation("posts.cancel", { id }));
    const after = (await calendar("2031-03-27T00:00:00Z", "2031-04-05T00:00:00Z")).items.filter((i) => i.postId === id);
    expect(after.map((i) => i.status)).toEqual(["cancelled", "cancelled"]);
  });

  it("refuses a period over 62 days or ending before it starts, with a field error", async () => {
    expect(await owner.query("posts.calendar", { from: "2031-01-01T00:00:00Z", to: "2031-04-01T00:00:00Z" })).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect(await owner.query("posts.calendar", { from: "2031-01-02T00:00:00Z", to: "2031-01-01T00:00:00Z" })).toMatchObject({ ok: false, code: "BAD_REQUEST" });
  });
});

describe("the repair sweep", () => {
  it("re-adds a missing job of a due publication exactly once, and never touches an existing one", async () => {
    const { id } = await create({ channelIds: [wa.channelId], publishAt: inSeconds(server, 30), content: waTemplate(["33611110010"]) });
    const [pub] = await publicationsOf(server, id);
    const key = `publication:${pub!.id}`;
    // A restore without the job queue: the row says queued, no job exists.
    await sql`select graphile_worker.remove_job(${key})`.execute(server.db.db);
    const count = async () => (await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs where key = ${key}`.execute(server.db.db)).rows[0]!.n;
    expect(await count()).toBe(0);
    expect((await enqueueDuePosts(server.db.db, server.clock.now())).requeued).toBeGreaterThanOrEqual(1);
    expect(await count()).toBe(1);
    const before = await sql<{ id: number; run_at: Date }>`select id, run_at from graphile_worker._private_jobs where key = ${key}`.execute(server.db.db);
    expect(before.rows[0]!.run_at.toISOString()).toBe(pub!.due_at.toISOString());
    await enqueueDuePosts(server.db.db, server.clock.now());
    const again = await sql<{ id: number }>`select id from graphile_worker._private_jobs where key = ${key}`.execute(server.db.db);
    expect(again.rows).toEqual([{ id: before.rows[0]!.id }]);
    ok(await owner.mutation("posts.cancel", { id }));
  });

  it("completes a one-off post whose channels all finished at the same instant (each saw the other still going)", async () => {
    const second = await connectWhatsApp(server, owner);
    const { id } = await create({ channelIds: [wa.channelId, second.channelId], publishAt: "2031-06-01T10:00:00.000Z", content: waTemplate(["33611110012"]) });
    const pubs = await publicationsOf(server, id);
    // What two concurrent finishes leave: both published, the post still active.
    await server.db.db.updateTable("post_publications").set({ status: "published", published_at: new Date() }).where("id", "=", pubs[0]!.id).execute();
    await enqueueDuePosts(server.db.db, server.clock.now());
    const status = async () => (await server.db.db.selectFrom("scheduled_posts").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
    expect(await status()).toBe("active");
    await server.db.db.updateTable("post_publications").set({ status: "published", published_at: new Date() }).where("id", "=", pubs[1]!.id).execute();
    expect((await enqueueDuePosts(server.db.db, server.clock.now())).postsCompleted).toBeGreaterThanOrEqual(1);
    expect(await status()).toBe("completed");
  });

  it("re-materializes a series left without a pending occurrence", async () => {
    const { id } = await create({ channelIds: [wa.channelId], rrule: "FREQ=DAILY", dtstart: "2031-05-01T09:00", content: waTemplate(["33611110011"]) });
    await server.db.db.deleteFrom("post_publications").where("post_id", "=", id).execute();
    expect(await advanceSeries(server.db.db, id, server.clock.now(), null)).toEqual(new Date("2031-05-02T07:00:00.000Z"));
    expect((await publicationsOf(server, id)).map((p) => p.due_at.toISOString())).toEqual(["2031-05-02T07:00:00.000Z"]);
    ok(await owner.mutation("posts.cancel", { id }));
  });
});

describe("live status", () => {
  it("posts.onStatus streams only post events, live", async () => {
    const { client } = await tokenClient(server, owner, "status-watcher");
    const seen: { status: string; postId: string }[] = [];
    const sub = client.posts.onStatus.subscribe(undefined, { onData: (e) => seen.push(e.data) });
    await new Promise((r) => setTimeout(r, 300));
    ok(await owner.mutation("workspace.update", { name: "Publisher (renamed)" }));
    const { id } = await create({ channelIds: [wa.channelId], publishAt: inSeconds(server, 0.5), content: waTemplate(["33611110012"]) });
    await expect.poll(() => seen.filter((e) => e.postId === id).map((e) => e.status), { timeout: 10_000 }).toEqual(["queued", "publishing", "published"]);
    expect(seen.every((e) => typeof e.postId === "string")).toBe(true);
    sub.unsubscribe();
  });

  it("media.get returns a fresh signed link; media of another id is not found", async () => {
    const mediaId = await uploadJpeg(owner);
    const got = ok<{ mimeType: string; width: number; height: number; url: string }>(await owner.query("media.get", { id: mediaId }));
    expect(got).toMatchObject({ mimeType: "image/jpeg", width: 20, height: 16 });
    expect((await fetch(got.url)).status).toBe(200);
    expect(await owner.query("media.get", { id: randomUUID() })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await owner.mutation("media.upload", { data: Buffer.from("hello world").toString("base64") })).toMatchObject({ ok: false, code: "BAD_REQUEST" });
  });
});
