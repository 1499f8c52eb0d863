/**
 * Crash safety of jobs that write several tables: an exception thrown inside a handler mid-transaction (raised here by
 * a PostgreSQL trigger on the handler's later write, as a lost connection or a bug would) leaves no partial rows, and
 * the job's retry then stores the whole once; a state and the live event announcing it (a decision, an outcome, a media
 * id found, a post found deleted, a slower polling speed) commit together, or the retry, finding the state, would never
 * raise the event. The probe of requests is probe.test.ts; real process deaths are
 * autoreply-crash.test.ts, publishing-crash.test.ts and inbox/process-kill.test.ts.
 */
import { pollPostJob, triageCommentJob } from "@sillage/comments";
import { enqueueMediaLookup } from "@sillage/publishing";
import { enqueue } from "@sillage/queue";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAQ } from "../ai/seed";
import { ok, settle, startInboxWorld, type InboxWorld } from "../inbox/world";
import { inSeconds, publicationsOf, uploadJpeg } from "../publishing/helpers";

let w: InboxWorld;
beforeAll(async () => {
  w = await startInboxWorld({ burstWindowSeconds: 1, triage: true, webhookRetry: { attempts: 5, delayMs: () => 200 } });
  ok(await w.owner.mutation("knowledge.add", { title: "FAQ", text: FAQ }));
  ok(await w.owner.mutation("ai.control.set", { enabled: true }));
}, 60_000);
afterAll(() => w.close());

const QUESTION = "Bonjour, quels sont vos horaires d'ouverture ?";

/** A trigger that throws on `table`'s inserts matching `when` (a SQL condition on NEW) until `heal` drops it. */
async function crashOn(name: string, table: string, when: string) {
  const db = w.server.db.db;
  await sql
    .raw(
      `create function ${name}() returns trigger language plpgsql as $$ begin if ${when} then raise exception 'probe crash: ${name}'; end if; return new; end $$;
       create trigger ${name} before insert on ${table} for each row execute function ${name}();`,
    )
    .execute(db);
  return { heal: () => sql.raw(`drop trigger ${name} on ${table}; drop function ${name}();`).execute(db) };
}

/** Whether a job (by task) has failed with the crash's message: the handler did run into it. */
async function crashedJobs(name: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs where last_error like ${`%probe crash: ${name}%`}`.execute(w.server.db.db);
  return rows[0]!.n;
}

async function conversationOf(phone: string) {
  return w.server.db.db
    .selectFrom("conversations")
    .innerJoin("contacts", "contacts.id", "conversations.contact_id")
    .select("conversations.id")
    .where("contacts.platform_user_id", "=", phone)
    .executeTakeFirst();
}

describe("an automatic reply refused before queueing, the handler failing between the outcome and its refund", () => {
  it("leaves the decision pending with its credit taken, then the retry records the outcome and refunds once", async () => {
    const crash = await crashOn("probe_crash_refund", "credit_ledger", "new.reason_code = 'refund_refused_before_sending'");
    // A message 25 hours old: the WhatsApp window refuses the reply at the gate (decision-outcomes.test.ts).
    const DAY_AND_AN_HOUR = 25 * 3_600_000;
    w.server.fake.control.advance({ ms: -DAY_AND_AN_HOUR });
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33660000001", text: QUESTION });
    w.server.fake.control.advance({ ms: DAY_AND_AN_HOUR });
    await settle(w);
    await expect.poll(() => crashedJobs("probe_crash_refund"), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);

    const conversationId = (await conversationOf("33660000001"))!.id;
    const decisions = () => w.server.db.db.selectFrom("ai_decisions").select(["id", "outcome"]).where("conversation_id", "=", conversationId).execute();
    const ledger = async () =>
      (await w.server.db.db.selectFrom("credit_ledger").select(["kind", "reason_code", "decision_id"]).where("decision_id", "in", (await decisions()).map((d) => d.id)).orderBy("id").execute()).map((m) => m.reason_code);
    // Nothing half-stored: the outcome was not recorded without its refund (before: window_closed, the credit kept).
    expect((await decisions()).map((d) => d.outcome)).toEqual(["pending"]);
    expect(await ledger()).toEqual(["ai_reply"]);

    await crash.heal();
    await expect.poll(async () => (await decisions()).map((d) => d.outcome), { timeout: 30_000, interval: 200 }).toEqual(["window_closed"]);
    await expect.poll(ledger, { timeout: 10_000, interval: 100 }).toEqual(["ai_reply", "refund_refused_before_sending"]);
  });
});

describe("a webhook event whose message insert throws", () => {
  it("stores no contact or conversation for it, then the retry stores the whole once", async () => {
    const crash = await crashOn("probe_crash_message", "messages", "new.text = 'probe crash'");
    w.server.fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: w.wa.phoneNumberId, from: "33660000002", text: "probe crash" });
    await expect.poll(() => crashedJobs("probe_crash_message").then(async (n) => n + Number((await w.server.db.db.selectFrom("webhook_failures").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n)), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
    expect(await conversationOf("33660000002")).toBeUndefined();
    expect(await w.server.db.db.selectFrom("contacts").select("id").where("platform_user_id", "=", "33660000002").execute()).toEqual([]);

    await crash.heal();
    await expect.poll(async () => (await w.server.db.db.selectFrom("messages").select("text").where("text", "=", "probe crash").execute()).length, { timeout: 30_000, interval: 200 }).toBe(1);
    expect(await w.server.db.db.selectFrom("contacts").select("id").where("platform_user_id", "=", "33660000002").execute()).toHaveLength(1);
  });
});

/**
 * A customer's comment on a media of the account, stored as the comments engine stores it (its webhook is not sent:
 * the test queues its triage when it is ready).
 */
async function customerComment(from: string) {
  const media = w.server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Notre nouvelle boutique ouvre ses portes !" });
  const onFake = w.server.fake.control.customerComment({ mediaId: media.id, from, username: "ana", text: QUESTION, silent: true });
  return w.server.db.db
    .insertInto("comments")
    .values({
      workspace_id: w.workspaceId,
      channel_id: w.ig.channelId,
      platform_media_id: media.id,
      platform_comment_id: onFake.id,
      author_name: "ana",
      author_id: from,
      text: QUESTION,
      platform_timestamp: w.server.clock.now(),
      source: "poll",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** Queues the comment's triage as storage does (one job per comment). */
async function queueCommentTriage(commentId: string) {
  await enqueue(w.server.db.db, triageCommentJob, { workspaceId: w.workspaceId, commentId }, { jobKey: `comment-triage:${commentId}` });
}

const decisionsOf = (commentId: string) => w.server.db.db.selectFrom("ai_decisions").select(["triage", "outcome"]).where("comment_id", "=", commentId).execute();

/** The comment's `comment.triaged` live events, each as its outcome (null: the decision's own, without one). */
async function triagedEventsOf(commentId: string) {
  const events = await w.server.db.db.selectFrom("workspace_events").select("payload").where("type", "=", "comment.triaged").where(sql<string>`payload->>'commentId'`, "=", commentId).orderBy("id").execute();
  return events.map((e) => (e.payload as { outcome?: string }).outcome ?? null);
}

describe("a comment's triage failing between its decision and the decision's live event", () => {
  it("stores no decision, then the retry stores the decision and raises its event once", async () => {
    const crash = await crashOn("probe_crash_comment_decided", "workspace_events", "new.type = 'comment.triaged' and not (new.payload ? 'outcome')");
    const comment = await customerComment("u_probe_crash_decided");
    await queueCommentTriage(comment.id);
    await expect.poll(() => crashedJobs("probe_crash_comment_decided"), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
    // Nothing half-stored (before: the decision stored, and the retry, finding it, never raised its event).
    expect(await decisionsOf(comment.id)).toEqual([]);
    expect(await triagedEventsOf(comment.id)).toEqual([]);

    await crash.heal();
    await expect.poll(async () => (await decisionsOf(comment.id)).map((d) => d.triage), { timeout: 30_000, interval: 200 }).toEqual(["AUTO_REPLY"]);
    await expect.poll(() => triagedEventsOf(comment.id), { timeout: 10_000, interval: 100 }).toEqual([null]);
  });
});

describe("an automatic comment reply refused before queueing, the handler failing between the outcome and its live event", () => {
  it("leaves the decision pending and no outcome event, then the retry records the outcome and raises its event once", async () => {
    const crash = await crashOn("probe_crash_comment_outcome", "workspace_events", "new.type = 'comment.triaged' and new.payload ? 'outcome'");
    const comment = await customerComment("u_probe_crash_outcome");
    // A person answered while the triage waited in the queue: the gate refuses the automatic reply before queueing.
    expect(ok(await w.owner.mutation("comments.reply", { commentId: comment.id, text: "Bonjour, nous ouvrons à 10 h." }))).toMatchObject({ ok: true });
    await queueCommentTriage(comment.id);
    await expect.poll(() => crashedJobs("probe_crash_comment_outcome"), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);

    const decisions = () => decisionsOf(comment.id);
    const triagedEvents = () => triagedEventsOf(comment.id);
    // Nothing half-stored: the outcome was not recorded without its event (before: suppressed_human, no event ever).
    expect(await decisions()).toEqual([{ triage: "AUTO_REPLY", outcome: "pending" }]);
    expect(await triagedEvents()).toEqual([null]);

    await crash.heal();
    await expect.poll(async () => (await decisions()).map((d) => d.outcome), { timeout: 30_000, interval: 200 }).toEqual(["suppressed_human"]);
    await expect.poll(triagedEvents, { timeout: 10_000, interval: 100 }).toEqual([null, "suppressed_human"]);
    // Only the person's reply went on the outbound path.
    expect(await w.server.db.db.selectFrom("outbound_messages").select("automatic").where("comment_id", "=", comment.id).execute()).toEqual([{ automatic: false }]);
  });
});

describe("a live Instagram post's media lookup failing between the media id and its live event", () => {
  it("leaves the id unknown, then the retry records it and raises the published event once", async () => {
    const db = w.server.db.db;
    const { id: postId } = ok<{ id: string }>(
      await w.owner.mutation("posts.create", { timeZone: "Europe/Paris", channelIds: [w.ig.channelId], publishAt: inSeconds(w.server, 0), content: { text: "probe crash lookup", mediaIds: [await uploadJpeg(w.owner)] } }),
    );
    await expect.poll(async () => (await publicationsOf(w.server, postId))[0]?.platform_post_id ?? null, { timeout: 30_000, interval: 200 }).toBeTruthy();
    const pub = (await publicationsOf(w.server, postId))[0]!;
    const mediaId = pub.platform_post_id!;
    const publishedEvents = async () =>
      (await db.selectFrom("workspace_events").select("id").where("type", "=", "post.status").where(sql<string>`payload->>'publicationId'`, "=", pub.id).where(sql<string>`payload->>'status'`, "=", "published").execute()).length;
    const before = await publishedEvents();
    // What a lost media_publish answer leaves (publishing-outcomes.test.ts makes it for real): the post is live, its
    // media id unknown, a lookup due now.
    await db.updateTable("post_publications").set({ platform_post_id: null, permalink: null, media_lookup_at: w.server.clock.now() }).where("id", "=", pub.id).execute();
    const crash = await crashOn("probe_crash_lookup_event", "workspace_events", `new.type = 'post.status' and new.payload->>'publicationId' = '${pub.id}'`);
    await enqueueMediaLookup(db, { publicationId: pub.id, workspaceId: w.workspaceId }, w.server.clock.now());
    await expect.poll(() => crashedJobs("probe_crash_lookup_event"), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
    // Nothing half-stored (before: the id recorded, and the retry, finding it known, never raised the event).
    expect((await publicationsOf(w.server, postId))[0]!.platform_post_id).toBeNull();
    expect(await publishedEvents()).toBe(before);

    await crash.heal();
    await expect.poll(async () => (await publicationsOf(w.server, postId))[0]!.platform_post_id, { timeout: 30_000, interval: 200 }).toBe(mediaId);
    await expect.poll(publishedEvents, { timeout: 10_000, interval: 100 }).toBe(before + 1);
  });
});

/** A media of the account published outside Sillage, its comments followed and checked now (as dispatch.ts would). */
async function followedMedia(caption: string, account: { igUserId: string; channelId: string } = w.ig) {
  const media = w.server.fake.control.seedInstagramMedia({ igUserId: account.igUserId, caption });
  const now = w.server.clock.now();
  const post = await w.server.db.db
    .insertInto("comment_posts")
    .values({
      workspace_id: w.workspaceId,
      channel_id: account.channelId,
      platform_media_id: media.id,
      origin: "outside",
      caption,
      permalink: media.permalink,
      published_at: now,
      stop_at: new Date(now.getTime() + 7 * 86_400_000),
      next_check_at: now,
      last_check_at: now,
      last_check_status: "ok",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { media, post };
}

describe("a post's comment check finding the media deleted, failing between the mark and its live event", () => {
  it("leaves the post followed, then the retry marks it deleted and raises the event once", async () => {
    const db = w.server.db.db;
    const { media, post } = await followedMedia("Bientôt supprimé");
    // Deleted on Instagram: Graph answers "does not exist" for the media's comments.
    w.server.fake.control.deleteInstagramMedia({ mediaId: media.id });
    const crash = await crashOn("probe_crash_post_deleted", "workspace_events", `new.type = 'comment.post_deleted' and new.payload->>'postId' = '${post.id}'`);
    await enqueue(db, pollPostJob, { workspaceId: w.workspaceId, postId: post.id }, { jobKey: `comments.poll:${post.id}` });
    await expect.poll(() => crashedJobs("probe_crash_post_deleted"), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
    const deletedAt = async () => (await db.selectFrom("comment_posts").select("deleted_at").where("id", "=", post.id).executeTakeFirstOrThrow()).deleted_at;
    const events = async () => (await db.selectFrom("workspace_events").select("id").where("type", "=", "comment.post_deleted").where(sql<string>`payload->>'postId'`, "=", post.id).execute()).length;
    // Nothing half-stored (before: the post marked deleted, and the retry, skipping a deleted post, never raised it).
    expect(await deletedAt()).toBeNull();
    expect(await events()).toBe(0);

    await crash.heal();
    await expect.poll(deletedAt, { timeout: 30_000, interval: 200 }).not.toBeNull();
    await expect.poll(events, { timeout: 10_000, interval: 100 }).toBe(1);
  });
});

describe("a post's comment check slowing the account down, failing between the new speed and its live event", () => {
  it("keeps the old speed, then the retry stores the new one and raises the event once", async () => {
    const db = w.server.db.db;
    const { post } = await followedMedia("Très demandé");
    const speed = async () => (await db.selectFrom("comment_accounts").select("slow_factor").where("channel_id", "=", w.ig.channelId).executeTakeFirst())?.slow_factor ?? 1;
    const events = async () => (await db.selectFrom("workspace_events").select("id").where("type", "=", "comment.polling_speed").where(sql<string>`payload->>'channelId'`, "=", w.ig.channelId).execute()).length;
    expect(await speed()).toBe(1);
    const before = await events();
    // Meta reports the account at 80 % of its usage: its checks go twice as far apart.
    w.server.fake.control.configure({ usage: { buc: 80 } });
    const crash = await crashOn("probe_crash_polling_speed", "workspace_events", `new.type = 'comment.polling_speed' and new.payload->>'channelId' = '${w.ig.channelId}'`);
    try {
      await enqueue(db, pollPostJob, { workspaceId: w.workspaceId, postId: post.id }, { jobKey: `comments.poll:${post.id}` });
      await expect.poll(() => crashedJobs("probe_crash_polling_speed"), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
      // Nothing half-stored (before: the account slowed, and the retry, finding it slowed, never raised the event).
      expect(await speed()).toBe(1);
      expect(await events()).toBe(before);

      await crash.heal();
      await expect.poll(speed, { timeout: 30_000, interval: 200 }).toBe(2);
      await expect.poll(events, { timeout: 10_000, interval: 100 }).toBe(before + 1);
    } finally {
      w.server.fake.control.configure({ usage: { buc: undefined } });
    }
  });
});

describe("a post's comment check refused for a dead token, failing between the channel's state and its live event", () => {
  it("leaves the channel active, then the retry marks it to reconnect and raises the event once", async () => {
    const db = w.server.db.db;
    // An account of its own: the others stay connected for the rest of the file.
    const acc = w.server.fake.control.createInstagramAccount({ variant: "instagram" });
    const { id: channelId } = ok<{ id: string }>(await w.owner.mutation("channels.connectInstagram", { accessToken: acc.token }));
    const { post } = await followedMedia("Jeton expiré", { igUserId: acc.igUserId, channelId });
    w.server.fake.control.revokeToken({ token: acc.token, subcode: 463 });
    const status = async () => (await db.selectFrom("channels").select("status").where("id", "=", channelId).executeTakeFirstOrThrow()).status;
    const events = async () => (await db.selectFrom("workspace_events").select("id").where("type", "=", "channel.needs_reconnect").where(sql<string>`payload->>'channelId'`, "=", channelId).execute()).length;
    const crash = await crashOn("probe_crash_reconnect", "workspace_events", `new.type = 'channel.needs_reconnect' and new.payload->>'channelId' = '${channelId}'`);
    await enqueue(db, pollPostJob, { workspaceId: w.workspaceId, postId: post.id }, { jobKey: `comments.poll:${post.id}` });
    await expect.poll(() => crashedJobs("probe_crash_reconnect"), { timeout: 20_000, interval: 100 }).toBeGreaterThan(0);
    // Nothing half-stored (before: the channel marked, and the retry, pausing a post whose channel is not active
    // before any call, never raised the event: the app would learn of the reconnect only on its next read).
    expect(await status()).toBe("active");
    expect(await events()).toBe(0);

    await crash.heal();
    await expect.poll(status, { timeout: 30_000, interval: 200 }).toBe("needs_reconnect");
    await expect.poll(events, { timeout: 10_000, interval: 100 }).toBe(1);
  });
});
