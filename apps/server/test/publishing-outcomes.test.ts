// Issue 9: outcomes a person and a tool can trust — the reason of every status in one field, attempts numbered per
// publication, a live Instagram post never reported failed, WhatsApp audiences and templates checked before they go out.
import { sql } from "@sillage/db";
import { enqueueDuePosts, enqueuePublication, LINK_NOT_FOUND_REASON, LINK_PENDING_REASON } from "@sillage/publishing";
import type { Runner } from "@sillage/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer } from "./harness";
import { connectInstagram, connectWhatsApp, inSeconds, publicationsOf, startTestWorker, uploadJpeg, waTemplate } from "./publishing/helpers";

let server: TestServer;
let runner: Runner;
let owner: ApiSession;
let wa: Awaited<ReturnType<typeof connectWhatsApp>>;
let ig: Awaited<ReturnType<typeof connectInstagram>>;

beforeAll(async () => {
  server = await startTestServer();
  // Media lookups of live posts come back within a fraction of a second here (minutes in the product).
  runner = await startTestWorker(server, { mediaLookupDelaysMs: [150, 150, 150, 150, 150, 150] });
  owner = await ApiSession.signup(server.url, { email: "outcomes@example.com", workspaceName: "Outcomes" });
  wa = await connectWhatsApp(server, owner);
  ig = await connectInstagram(server, owner);
});
afterAll(async () => {
  await runner.stop();
  await server.close();
});

interface Run {
  attempt: number;
  status: string;
  errorMessage: string | null;
}
interface Delivery {
  summary: { sent: number; failed: number; uncertain: number; skipped: number; pending: number; total: number };
  recipients: { to: string; status: string; reason: string | null; reasonCode: string | null; messageId: string | null; at: string }[];
  truncated: boolean;
}
interface Publication {
  id: string;
  status: string;
  statusReason: string | null;
  errorMessage: string | null;
  attempts: number;
  platformPostId: string | null;
  permalink: string | null;
  runs: Run[];
}

const create = async (input: Record<string, unknown>) => ok<{ id: string }>(await owner.mutation("posts.create", { timeZone: "Europe/Paris", ...input }));
const getPost = async (id: string) => ok<{ publications: Publication[] }>(await owner.query("posts.get", { id }));
const waitStatus = (postId: string, status: string, timeout = 10_000) =>
  expect.poll(async () => (await publicationsOf(server, postId)).map((p) => p.status), { timeout, interval: 50 }).toEqual([status]);

describe("7. one reason field, attempts per publication", () => {
  it("a failed publication carries its reason in statusReason; a cancelled one says it was cancelled", async () => {
    server.fake.control.injectFault({ kind: "permanent", match: { operation: "instagram.container_create" }, code: 100, subcode: 2207010 });
    const { id } = await create({ channelIds: [ig.channelId], publishAt: inSeconds(server, 0), content: { text: "refused", mediaIds: [await uploadJpeg(owner)] } });
    await waitStatus(id, "failed");
    const [failed] = (await getPost(id)).publications;
    expect(failed!.statusReason).toMatch(/Caption longer than 2,200 characters/);

    const later = await create({ channelIds: [wa.channelId], publishAt: inSeconds(server, 3600), content: waTemplate(["33611119001"]) });
    ok(await owner.mutation("posts.cancel", { id: later.id }));
    const [cancelled] = (await getPost(later.id)).publications;
    expect(cancelled).toMatchObject({ status: "cancelled", statusReason: "Cancelled on request before it went out." });
  });

  it("after posts.retry, attempts go on from the last number (runs 1, 2, 3, 4), and the retry gets its own budget", async () => {
    server.fake.control.injectFault({ kind: "transient", match: { operation: "instagram.container_create" }, times: 3 });
    const { id } = await create({ channelIds: [ig.channelId], publishAt: inSeconds(server, 0), content: { text: "retried by hand", mediaIds: [await uploadJpeg(owner)] } });
    await waitStatus(id, "failed");
    expect((await getPost(id)).publications[0]).toMatchObject({ attempts: 3 });
    ok(await owner.mutation("posts.retry", { id }));
    await waitStatus(id, "published");
    const [pub] = (await getPost(id)).publications;
    expect(pub!.runs.map((r) => [r.attempt, r.status])).toEqual([
      [1, "retrying"],
      [2, "retrying"],
      [3, "failed"],
      [4, "success"],
    ]);
    expect(pub!.attempts).toBe(4);
  });

  it("a quota wait is an attempt: the publication and its run agree, and it does not use up the retry budget", async () => {
    const shop = await connectInstagram(server, owner);
    server.fake.control.configure({ publishQuota: 0 });
    try {
      const { id } = await create({ channelIds: [shop.channelId], publishAt: inSeconds(server, 0), content: { text: "quota outcome", mediaIds: [await uploadJpeg(owner)] } });
      await waitStatus(id, "waiting_quota");
      const [waiting] = (await getPost(id)).publications;
      expect(waiting!.statusReason).toMatch(/limit of 0 API-published posts per 24 hours/);
      expect(waiting!.attempts).toBe(1);
      expect(waiting!.runs.map((r) => [r.attempt, r.status])).toEqual([[1, "waiting_quota"]]);
      const row = (await publicationsOf(server, id))[0]!;
      expect(row.failures).toBe(0);
      // The window allows again: it comes back at once and goes out as attempt 2.
      server.fake.control.configure({ publishQuota: 100 });
      await server.db.db.updateTable("post_publications").set({ next_attempt_at: server.clock.now() }).where("id", "=", waiting!.id).execute();
      await enqueuePublication(server.db.db, { publicationId: waiting!.id, workspaceId: row.workspace_id }, server.clock.now());
      await waitStatus(id, "published");
      const [done] = (await getPost(id)).publications;
      expect(done!.runs.map((r) => [r.attempt, r.status])).toEqual([
        [1, "waiting_quota"],
        [2, "success"],
      ]);
      expect(done!.attempts).toBe(2);
    } finally {
      server.fake.control.configure({ publishQuota: 100 });
    }
  });
});

describe("2. a live Instagram post never ends failed", () => {
  it("the container is PUBLISHED but the media list fails: published at once, its media id and link filled in later", async () => {
    // The publish answer is lost (the retry then finds the container PUBLISHED) and the account's media list answers
    // "does not exist" (what a Graph server without that edge says): the post is live all the same.
    server.fake.control.injectFault({ kind: "lost_response", match: { operation: "instagram.media_publish" } });
    server.fake.control.injectFault({ kind: "permanent", match: { operation: "instagram.media_list" }, code: 100, subcode: 33, times: 1000 });
    try {
      const { id } = await create({ channelIds: [ig.channelId], publishAt: inSeconds(server, 0), content: { text: "live despite the lookup", mediaIds: [await uploadJpeg(owner)] } });
      await waitStatus(id, "published");
      const [pub] = (await getPost(id)).publications;
      expect(pub).toMatchObject({ status: "published", platformPostId: null, permalink: null, statusReason: LINK_PENDING_REASON });
      expect(pub!.runs.map((r) => r.status)).toEqual(["retrying", "success"]);
      const published = server.fake.control.published({ igUserId: ig.igUserId }).filter((p) => p.caption === "live despite the lookup");
      expect(published).toHaveLength(1);
      // Lookups keep failing while the list does; the publication stays published, the lookup pending.
      await expect.poll(async () => (await publicationsOf(server, id))[0]!.media_lookups, { timeout: 5000, interval: 50 }).toBeGreaterThanOrEqual(2);
      expect((await publicationsOf(server, id))[0]).toMatchObject({ status: "published", platform_post_id: null });

      server.fake.control.clearFaults();
      await expect.poll(async () => (await publicationsOf(server, id))[0]!.platform_post_id, { timeout: 5000, interval: 50 }).toBe(published[0]!.mediaId);
      const [filled] = (await getPost(id)).publications;
      expect(filled).toMatchObject({ status: "published", platformPostId: published[0]!.mediaId, permalink: published[0]!.permalink, statusReason: null });
      const row = (await publicationsOf(server, id))[0]!;
      expect(row.media_lookup_at).toBeNull();
      expect(row.progress).toMatchObject({ step: "published", mediaId: published[0]!.mediaId, permalink: published[0]!.permalink });
      // Never published twice.
      expect(server.fake.control.published({ igUserId: ig.igUserId }).filter((p) => p.caption === "live despite the lookup")).toHaveLength(1);
    } finally {
      server.fake.control.clearFaults();
    }
  });

  it("giving up the lookup raises a post.status event with the new reason: open screens stop saying 'link pending'", async () => {
    const shop = await connectInstagram(server, owner);
    server.fake.control.injectFault({ kind: "lost_response", match: { operation: "instagram.media_publish" } });
    server.fake.control.injectFault({ kind: "permanent", match: { operation: "instagram.media_list" }, code: 100, subcode: 33, times: 1000 });
    try {
      const { id } = await create({ channelIds: [shop.channelId], publishAt: inSeconds(server, 0), content: { text: "link never found", mediaIds: [await uploadJpeg(owner)] } });
      await waitStatus(id, "published");
      // Every lookup (six here) finds nothing: Sillage stops looking and says so.
      await expect.poll(async () => (await getPost(id)).publications[0]!.statusReason, { timeout: 10_000, interval: 50 }).toBe(LINK_NOT_FOUND_REASON);
      const [pub] = (await getPost(id)).publications;
      const events = await server.db.db
        .selectFrom("workspace_events")
        .select("payload")
        .where("type", "=", "post.status")
        .where(sql<string>`payload->>'publicationId'`, "=", pub!.id)
        .orderBy("id")
        .execute();
      expect(events.at(-1)!.payload).toMatchObject({ postId: id, publicationId: pub!.id, channelId: shop.channelId, status: "published", reason: LINK_NOT_FOUND_REASON });
    } finally {
      server.fake.control.clearFaults();
    }
  });

  it("the repair sweep re-adds a lookup whose job went missing", async () => {
    // Its own account: the failing list opens this channel's circuit breaker for a while.
    const shop = await connectInstagram(server, owner);
    server.fake.control.injectFault({ kind: "lost_response", match: { operation: "instagram.media_publish" } });
    server.fake.control.injectFault({ kind: "transient", match: { operation: "instagram.media_list" }, times: 1000 });
    try {
      const { id } = await create({ channelIds: [shop.channelId], publishAt: inSeconds(server, 0), content: { text: "sweep finds the lookup", mediaIds: [await uploadJpeg(owner)] } });
      await waitStatus(id, "published");
      const [pub] = await publicationsOf(server, id);
      const key = `media-lookup:${pub!.id}`;
      await sql`select graphile_worker.remove_job(${key})`.execute(server.db.db);
      await server.db.db.updateTable("post_publications").set({ media_lookup_at: server.clock.now() }).where("id", "=", pub!.id).execute();
      const jobs = async () => (await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs where key = ${key}`.execute(server.db.db)).rows[0]!.n;
      expect(await jobs()).toBe(0);
      expect((await enqueueDuePosts(server.db.db, server.clock.now())).lookupsRequeued).toBeGreaterThanOrEqual(1);
      server.fake.control.clearFaults();
      await expect.poll(async () => (await publicationsOf(server, id))[0]!.platform_post_id, { timeout: 5000, interval: 50 }).toBeTruthy();
    } finally {
      server.fake.control.clearFaults();
    }
  });
});

describe("3. WhatsApp audiences: one message per person, every outcome told", () => {
  const sendsTo = (digits: string) => server.fake.control.sentMessages({ accountId: wa.phoneNumberId }).filter((m) => m.to === digits);

  it("the same number written three ways is stored once in E.164 and sent once", async () => {
    const { id } = await create({ channelIds: [wa.channelId], publishAt: inSeconds(server, 0), content: waTemplate(["33633330001", "+33633330001", "0033 6 33 33 00 01"]) });
    const stored = await server.db.db.selectFrom("scheduled_posts").select("content").where("id", "=", id).executeTakeFirstOrThrow();
    expect((stored.content as { whatsapp: { audience: { phones: string[] } } }).whatsapp.audience.phones).toEqual(["+33633330001"]);
    await waitStatus(id, "published");
    expect(sendsTo("33633330001")).toHaveLength(1);
  });

  it("a post stored before numbers were normalised still reaches each person once", async () => {
    const { id } = await create({ channelIds: [wa.channelId], publishAt: inSeconds(server, 3600), content: waTemplate(["33633330002"]) });
    const legacy = waTemplate(["33633330002", "+33633330002"]);
    await server.db.db.updateTable("scheduled_posts").set({ content: JSON.stringify({ text: "", mediaIds: [], ...legacy }) }).where("id", "=", id).execute();
    const [pub] = await publicationsOf(server, id);
    await server.db.db.updateTable("post_publications").set({ due_at: server.clock.now() }).where("id", "=", pub!.id).execute();
    await enqueuePublication(server.db.db, { publicationId: pub!.id, workspaceId: pub!.workspace_id }, server.clock.now());
    await waitStatus(id, "published");
    expect(sendsTo("33633330002")).toHaveLength(1);
  });

  it("refuses a number that is not valid, with the index of each bad one", async () => {
    const res = await owner.mutation("posts.create", { channelIds: [wa.channelId], timeZone: "Europe/Paris", publishAt: inSeconds(server, 60), content: waTemplate(["33611110001", "12345", "+33 6 12", "06 12 34 56 78"]) });
    expect(res).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    const fe = (res.ok ? {} : res.data.fieldErrors) as Record<string, string[]>;
    expect(Object.keys(fe).filter((k) => k.startsWith("content.whatsapp.audience")).sort()).toEqual([
      "content.whatsapp.audience.phones.1",
      "content.whatsapp.audience.phones.2",
      "content.whatsapp.audience.phones.3",
    ]);
    expect(fe["content.whatsapp.audience.phones.1"]![0]).toMatch(/“12345” is not a valid phone number/);
  });

  it("posts.get returns each recipient's outcome with its reason; a partial broadcast says 'published to 2 of 4'", async () => {
    const phones = ["+33633330011", "+33633330012", "+33633330013", "+33633330014"];
    // The 2nd recipient is refused (undeliverable), the 3rd request's answer is lost (it may have arrived).
    server.fake.control.injectFault({ kind: "permanent", code: 131026, match: { operation: "whatsapp.send" }, skip: 1 });
    server.fake.control.injectFault({ kind: "lost_response", match: { operation: "whatsapp.send" }, skip: 2 });
    try {
      const { id } = await create({ channelIds: [wa.channelId], publishAt: inSeconds(server, 0), content: waTemplate(phones) });
      await waitStatus(id, "published");
      const [pub] = (await getPost(id)).publications as (Publication & { delivery: Delivery | null })[];
      expect(pub!.statusReason).toBe("Published to 2 of 4 recipients: 1 failed, 1 uncertain (it may have arrived).");
      expect(pub!.delivery!.summary).toEqual({ sent: 2, failed: 1, uncertain: 1, skipped: 0, pending: 0, total: 4 });
      expect(pub!.delivery!.truncated).toBe(false);
      expect(pub!.delivery!.recipients.map((r) => [r.to, r.status, r.reasonCode])).toEqual([
        ["+33633330012", "failed", "undeliverable"],
        ["+33633330013", "uncertain", expect.any(String)],
        ["+33633330011", "sent", null],
        ["+33633330014", "sent", null],
      ]);
      const [failed, uncertain, sent] = pub!.delivery!.recipients;
      expect(failed!.reason).toBe("The message cannot be delivered to this number (not on WhatsApp, or old app version).");
      expect(uncertain!.reason).toMatch(/\w/);
      expect(sent).toMatchObject({ reason: null, messageId: expect.stringMatching(/^wamid\./) });
    } finally {
      server.fake.control.clearFaults();
    }
  });

  it("a broadcast to many: counts cover everyone, pending included; the list stops at 200, those not reached first", async () => {
    const { id } = await create({ channelIds: [wa.channelId], publishAt: inSeconds(server, 3600), content: waTemplate(["+33633330031"]) });
    const [pub] = await publicationsOf(server, id);
    // As saved by a broadcast still going out: 205 settled out of 210, three of them failed (the last ones).
    const results: Record<string, unknown> = {};
    for (let i = 0; i < 205; i++) {
      const at = new Date(Date.UTC(2030, 0, 1, 10, 0, i)).toISOString();
      results[`+3363334${String(i).padStart(4, "0")}`] =
        i >= 202 ? { status: "failed", at, error: { kind: "undeliverable", code: 131026, subcode: null, title: null, message: "x", userMessage: "Not on WhatsApp.", retryable: false } } : { status: "sent", wamid: `wamid.${i}`, at };
    }
    const progress = { platform: "whatsapp", step: "sending", broadcastId: `broadcast:${pub!.id}`, total: 210, results };
    await server.db.db.updateTable("post_publications").set({ progress: JSON.stringify(progress) }).where("id", "=", pub!.id).execute();
    const [got] = (await getPost(id)).publications as (Publication & { delivery: Delivery | null })[];
    expect(got!.delivery!.summary).toEqual({ sent: 202, failed: 3, uncertain: 0, skipped: 0, pending: 5, total: 210 });
    expect(got!.delivery!.recipients).toHaveLength(200);
    expect(got!.delivery!.truncated).toBe(true);
    expect(got!.delivery!.recipients.slice(0, 4).map((r) => [r.to, r.status, r.reason])).toEqual([
      ["+33633340202", "failed", "Not on WhatsApp."],
      ["+33633340203", "failed", "Not on WhatsApp."],
      ["+33633340204", "failed", "Not on WhatsApp."],
      ["+33633340000", "sent", null],
    ]);
    ok(await owner.mutation("posts.cancel", { id }));
  });

  it("a broadcast that reached nobody has failed, with the reason", async () => {
    server.fake.control.injectFault({ kind: "permanent", code: 131026, match: { operation: "whatsapp.send" } });
    try {
      const { id } = await create({ channelIds: [wa.channelId], publishAt: inSeconds(server, 0), content: waTemplate(["+33633330021"]) });
      await waitStatus(id, "failed");
      const [pub] = (await getPost(id)).publications as (Publication & { delivery: Delivery | null })[];
      expect(pub!.statusReason).toBe("Sent to none of the 1 recipient: 1 failed.");
      expect(pub!.delivery!.summary).toMatchObject({ sent: 0, failed: 1, total: 1 });
    } finally {
      server.fake.control.clearFaults();
    }
  });
});

describe("4. WhatsApp templates are checked when the post is saved", () => {
  const fieldErrorsOf = (res: Awaited<ReturnType<ApiSession["mutation"]>>) => (res.ok ? {} : (res.data.fieldErrors as Record<string, string[]>));
  const withTemplate = (template: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    channelIds: [shop.channelId],
    timeZone: "Europe/Paris",
    publishAt: inSeconds(server, 3600),
    content: { whatsapp: { template, audience: { phones: ["+33611119100"] } }, ...extra },
  });
  const templateCalls = () => server.fake.control.calls().filter((c) => c.operation === "whatsapp.templates").length;
  let shop: Awaited<ReturnType<typeof connectWhatsApp>>;

  beforeAll(async () => {
    shop = await connectWhatsApp(server, owner);
    server.fake.control.addTemplate({ wabaId: shop.wabaId, name: "promo", language: "fr", bodyText: "Bonjour {{1}}, -{{2}} % ce week-end" });
    server.fake.control.addTemplate({ wabaId: shop.wabaId, name: "catalogue", language: "fr", headerFormat: "IMAGE", bodyText: "La nouvelle collection" });
    server.fake.control.addTemplate({ wabaId: shop.wabaId, name: "bientot", language: "fr", status: "PENDING", bodyText: "Bientôt" });
  });

  it("refuses an unknown name, a language without translation and the wrong number of body parameters, each at its field", async () => {
    const unknown = await owner.mutation("posts.create", withTemplate({ name: "promo_ete", language: "fr", bodyParams: [] }));
    expect(unknown).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect(fieldErrorsOf(unknown)["content.whatsapp.template.name"]![0]).toMatch(/^No template named “promo_ete” on this WhatsApp number \(approved: .*“promo”/);

    const language = await owner.mutation("posts.create", withTemplate({ name: "promo", language: "de", bodyParams: ["Ana", "20"] }));
    expect(fieldErrorsOf(language)).toEqual({ "content.whatsapp.template.language": ["The template “promo” has no approved translation in “de” (it has “en_US”, “fr”)"] });

    const params = await owner.mutation("posts.create", withTemplate({ name: "promo", language: "fr", bodyParams: ["Ana"] }));
    expect(fieldErrorsOf(params)).toEqual({ "content.whatsapp.template.bodyParams": ["The template “promo” (fr) takes 2 body parameter(s); 1 given"] });

    const pending = await owner.mutation("posts.create", withTemplate({ name: "bientot", language: "fr", bodyParams: [] }));
    expect(fieldErrorsOf(pending)["content.whatsapp.template.name"]).toEqual(["The template “bientot” (fr) is not approved: its status is PENDING"]);

    const header = await owner.mutation("posts.create", withTemplate({ name: "catalogue", language: "fr", bodyParams: [] }));
    expect(fieldErrorsOf(header)["content.mediaIds"]![0]).toMatch(/shows an image at its top: add one/);
    const mediaId = await uploadJpeg(owner);
    ok(await owner.mutation("posts.create", withTemplate({ name: "catalogue", language: "fr", bodyParams: [] }, { mediaIds: [mediaId] })));

    // The same checks on update.
    const { id } = ok<{ id: string }>(await owner.mutation("posts.create", withTemplate({ name: "promo", language: "fr", bodyParams: ["Ana", "20"] })));
    const update = await owner.mutation("posts.update", { id, ...withTemplate({ name: "promo", language: "fr", bodyParams: [] }) });
    expect(fieldErrorsOf(update)).toEqual({ "content.whatsapp.template.bodyParams": ["The template “promo” (fr) takes 2 body parameter(s); 0 given"] });
  });

  it("a post on Instagram and WhatsApp with a photo and a template without media header: the photo goes to Instagram only", async () => {
    const mediaId = await uploadJpeg(owner);
    const input = withTemplate({ name: "promo", language: "fr", bodyParams: ["Ana", "20"], headerFormat: "IMAGE" }, { text: "Les soldes", mediaIds: [mediaId] });
    const { id } = ok<{ id: string }>(await owner.mutation("posts.create", { ...input, channelIds: [ig.channelId, shop.channelId], publishAt: inSeconds(server, 0) }));
    const stored = await server.db.db.selectFrom("scheduled_posts").select("content").where("id", "=", id).executeTakeFirstOrThrow();
    // Recorded from the approved template, whatever the caller said.
    expect((stored.content as { whatsapp: { template: { headerFormat?: string } } }).whatsapp.template.headerFormat).toBe("NONE");
    await expect.poll(async () => (await publicationsOf(server, id)).map((p) => p.status), { timeout: 10_000, interval: 50 }).toEqual(["published", "published"]);
    const sent = server.fake.control.sentMessages({ accountId: shop.phoneNumberId }).filter((m) => m.to === "33611119100");
    expect(sent).toHaveLength(1);
    expect(server.fake.control.published({ igUserId: ig.igUserId }).filter((p) => p.caption === "Les soldes")).toHaveLength(1);
  });

  it("reads the templates once per few minutes, and again at once (at most every 30 s) for a template it does not know", async () => {
    server.clock.advance(10 * 60_000); // whatever the earlier tests cached has expired
    const before = templateCalls();
    for (const name of ["Ana", "Léa", "Zoé"]) ok(await owner.mutation("posts.create", withTemplate({ name: "promo", language: "fr", bodyParams: [name, "10"] })));
    expect(templateCalls() - before).toBe(1);

    // Approved after the list was read: the miss reloads it, but not more often than every 30 s.
    server.fake.control.addTemplate({ wabaId: shop.wabaId, name: "soldes", language: "fr", bodyText: "Les soldes !" });
    server.clock.advance(31_000);
    ok(await owner.mutation("posts.create", withTemplate({ name: "soldes", language: "fr", bodyParams: [] })));
    expect(templateCalls() - before).toBe(2);
    server.fake.control.setTemplateStatus({ wabaId: shop.wabaId, name: "bientot", status: "APPROVED" });
    expect(fieldErrorsOf(await owner.mutation("posts.create", withTemplate({ name: "bientot", language: "fr", bodyParams: [] })))["content.whatsapp.template.name"]).toBeTruthy();
    expect(templateCalls() - before).toBe(2);
    server.clock.advance(31_000);
    ok(await owner.mutation("posts.create", withTemplate({ name: "bientot", language: "fr", bodyParams: [] })));
    expect(templateCalls() - before).toBe(3);

    // After the cache's lifetime the list is read again; when Meta fails then, the last list still serves.
    server.clock.advance(5 * 60_000);
    server.fake.control.injectFault({ kind: "transient", match: { operation: "whatsapp.templates" }, times: 10 });
    try {
      ok(await owner.mutation("posts.create", withTemplate({ name: "promo", language: "fr", bodyParams: ["Ana", "10"] })));
    } finally {
      server.fake.control.clearFaults();
    }
  });
});
