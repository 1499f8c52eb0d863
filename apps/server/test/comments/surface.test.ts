// The comments surface against the fake Graph API over HTTP: replies (public, private and its once-only rule),
// hide / unhide, delete, a comment deleted meanwhile; triage of a comment with the AI control off and on, public or
// private automatic replies, spam hidden automatically, own comments never triaged; the router's reads.
import { triageComment } from "@sillage/comments";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAQ } from "../ai/seed";
import { ok, startInboxWorld, type InboxWorld } from "../inbox/world";

let w: InboxWorld;
let mediaId: string;
let postId: string;

const QUESTION = "Bonjour, quels sont vos horaires d'ouverture ?";
const db = () => w.server.db.db;

beforeAll(async () => {
  w = await startInboxWorld();
  // Comments reach this test by its own rows (storage is the comments engine's): the fake's webhooks go nowhere.
  w.server.fake.control.configureWebhooks({ instagram: { url: "http://127.0.0.1:9/none" } });
  ok(await w.owner.mutation("knowledge.add", { title: "FAQ", text: FAQ }));
  const media = w.server.fake.control.seedInstagramMedia({ igUserId: w.ig.igUserId, caption: "Notre nouvelle boutique ouvre ses portes !" });
  mediaId = media.id;
  const now = w.server.clock.now();
  const post = await db()
    .insertInto("comment_posts")
    .values({
      workspace_id: w.workspaceId,
      channel_id: w.ig.channelId,
      platform_media_id: mediaId,
      origin: "outside",
      caption: "Notre nouvelle boutique ouvre ses portes !",
      permalink: media.permalink,
      published_at: now,
      stop_at: new Date(now.getTime() + 7 * 86_400_000),
      next_check_at: new Date(now.getTime() + 300_000),
      last_check_at: now,
      last_check_status: "ok",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  postId = post.id;
});
afterAll(() => w?.close());

/** A customer comments on the fake (Meta's side) and the comment is stored as the comments engine would store it. */
async function customerComments(text: string, opts: { from?: string; own?: boolean } = {}) {
  const c = w.server.fake.control.customerComment({ mediaId, from: opts.from ?? `u${Math.random().toString().slice(2, 10)}`, username: "ana", text });
  const row = await db()
    .insertInto("comments")
    .values({
      workspace_id: w.workspaceId,
      channel_id: w.ig.channelId,
      post_id: postId,
      platform_media_id: mediaId,
      platform_comment_id: c.id,
      author_name: "ana",
      author_id: opts.from ?? "u1",
      text,
      own: opts.own ?? false,
      platform_timestamp: w.server.clock.now(),
      source: "poll",
    })
    .onConflict((oc) => oc.columns(["channel_id", "platform_comment_id"]).doUpdateSet({ post_id: postId }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, platformId: c.id };
}

const fakeComment = (platformId: string) => w.server.fake.control.comments({ mediaId }).find((c) => c.id === platformId);
const repliesOnFake = (platformId: string) => w.server.fake.control.comments({ mediaId }).filter((c) => c.parentId === platformId);
const privateRepliesTo = (platformId: string) =>
  w.server.fake.control.sentMessages({ channel: "instagram" }).filter((m) => m.kind === "private_reply" && JSON.stringify(m.body).includes(platformId));

async function outbox(commentId: string) {
  return db().selectFrom("outbound_messages").select(["status", "error_class", "platform_id", "automatic", "body"]).where("comment_id", "=", commentId).orderBy("created_at").execute();
}

async function settledOutbox(commentId: string, n = 1) {
  await expect.poll(async () => (await outbox(commentId)).filter((o) => o.status !== "queued" && o.status !== "sending").length, { timeout: 15_000, interval: 100 }).toBe(n);
  return outbox(commentId);
}

async function deleteOnInstagram(platformId: string) {
  const res = await fetch(`${w.server.fake.url}/v25.0/${platformId}`, { method: "DELETE", headers: { authorization: `Bearer ${w.ig.token}` } });
  expect(res.status).toBe(200);
}

describe("actions through the connector and the one outbound path", () => {
  it("public reply: queued, sent under the comment on Instagram, answered in the list", async () => {
    const c = await customerComments("Trop beau !");
    expect(ok(await w.owner.mutation("comments.reply", { commentId: c.id, text: "Merci beaucoup !" }))).toMatchObject({ ok: true });
    const [row] = await settledOutbox(c.id);
    expect(row).toMatchObject({ status: "sent", automatic: false });
    expect(repliesOnFake(c.platformId).map((r) => ({ text: r.text, own: r.own }))).toEqual([{ text: "Merci beaucoup !", own: true }]);
    expect(row!.platform_id).toBe(repliesOnFake(c.platformId)[0]!.id);
    const list = ok<{ items: { id: string; answered: boolean; outgoing: { status: string; kind: string }[] }[] }>(await w.owner.query("comments.list", { postId }));
    expect(list.items.find((i) => i.id === c.id)).toMatchObject({ answered: true, outgoing: [{ status: "sent", kind: "public" }] });
  });

  it("private reply: a DM to the comment once; a second is refused in words, before and by Instagram", async () => {
    const c = await customerComments("Prix ?");
    expect(ok(await w.owner.mutation("comments.privateReply", { commentId: c.id, text: "Je vous envoie le prix en message." }))).toMatchObject({ ok: true });
    await settledOutbox(c.id);
    expect(privateRepliesTo(c.platformId)).toHaveLength(1);
    // The gate knows one went out.
    expect(ok(await w.owner.mutation("comments.privateReply", { commentId: c.id, text: "encore" }))).toMatchObject({ ok: false, reason: "private_reply_exists" });

    // One sent outside Sillage (the Instagram app): Meta's own refusal (2534025) ends the reply, worded.
    const d = await customerComments("Dispo en 38 ?");
    const res = await fetch(`${w.server.fake.url}/v25.0/${w.ig.igUserId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${w.ig.token}`, "content-type": "application/json" },
      body: JSON.stringify({ recipient: { comment_id: d.platformId }, message: { text: "from the app" } }),
    });
    expect(res.status).toBe(200);
    ok(await w.owner.mutation("comments.privateReply", { commentId: d.id, text: "Oui !" }));
    const [row] = await settledOutbox(d.id);
    expect(row).toMatchObject({ status: "failed", error_class: "private_reply_exists" });
  });

  it("private reply more than 7 days after the comment is refused before queueing", async () => {
    const c = await customerComments("old");
    await db().updateTable("comments").set({ platform_timestamp: new Date(w.server.clock.now().getTime() - 8 * 86_400_000) }).where("id", "=", c.id).execute();
    expect(ok(await w.owner.mutation("comments.privateReply", { commentId: c.id, text: "hello" }))).toMatchObject({ ok: false, reason: "comment_too_old" });
    expect(await outbox(c.id)).toEqual([]);
  });

  it("hide, unhide, the hidden filter; delete", async () => {
    const c = await customerComments("Arnaque !!!");
    expect(ok(await w.owner.mutation("comments.hide", { commentId: c.id, hidden: true }))).toMatchObject({ ok: true, hidden: true });
    expect(fakeComment(c.platformId)?.hidden).toBe(true);
    const hidden = ok<{ items: { id: string }[] }>(await w.owner.query("comments.list", { filter: "hidden" }));
    expect(hidden.items.map((i) => i.id)).toContain(c.id);
    expect(ok(await w.owner.mutation("comments.hide", { commentId: c.id, hidden: false }))).toMatchObject({ ok: true, hidden: false });
    expect(fakeComment(c.platformId)?.hidden).toBe(false);

    expect(ok(await w.owner.mutation("comments.delete", { commentId: c.id }))).toMatchObject({ ok: true, deleted: true });
    expect(fakeComment(c.platformId)?.deleted).toBe(true);
    expect(await db().selectFrom("comments").select(["deleted_by"]).where("id", "=", c.id).executeTakeFirst()).toEqual({ deleted_by: "us" });
  });

  it("a comment deleted meanwhile: hiding says so and marks it; a reply to it fails in words", async () => {
    const c = await customerComments("bientôt supprimé");
    await deleteOnInstagram(c.platformId);
    expect(ok(await w.owner.mutation("comments.hide", { commentId: c.id, hidden: true }))).toMatchObject({ ok: false, reason: "comment_deleted" });
    expect(await db().selectFrom("comments").select(["deleted_by"]).where("id", "=", c.id).executeTakeFirst()).toEqual({ deleted_by: "customer" });

    const d = await customerComments("lui aussi");
    // Deleted on Instagram with no webhook yet: Sillage still shows it, the send job learns it from the platform.
    await deleteOnInstagram(d.platformId);
    ok(await w.owner.mutation("comments.reply", { commentId: d.id, text: "Merci" }));
    const [row] = await settledOutbox(d.id);
    expect(row).toMatchObject({ status: "failed", error_class: "comment_deleted" });
  });

  it("another workspace's comment is not found", async () => {
    const c = await customerComments("à moi");
    const other = await (await import("../harness")).ApiSession.signup(w.server.url, { email: "other@example.com", workspaceName: "Other" });
    expect(await other.mutation("comments.hide", { commentId: c.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await other.query("comments.thread", { commentId: c.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

describe("triage of comments", () => {
  const deps = () => ({ db: db(), clock: w.server.clock, ai: w.server.ai, connectors: w.server.connectors, secretBox: w.server.secretBox });

  it("AI control off: the comment is decided AUTO_REPLY, shown with its reason, and nothing is sent", async () => {
    ok(await w.owner.mutation("ai.control.set", { enabled: false }));
    const c = await customerComments(QUESTION);
    const r = await triageComment(deps(), { workspaceId: w.workspaceId, commentId: c.id });
    expect(r).toMatchObject({ done: "decided", triage: "AUTO_REPLY", replied: "no" });
    expect(await outbox(c.id)).toEqual([]);
    const thread = ok<{ comment: { triage: string; decision: { reasonCode: string; outcome: string } } }>(await w.owner.query("comments.thread", { commentId: c.id }));
    expect(thread.comment).toMatchObject({ triage: "AUTO_REPLY", decision: { reasonCode: "auto_reply", outcome: "blocked_ai_off" } });
    // Idempotent: a second run decides nothing new and sends nothing.
    expect(await triageComment(deps(), { workspaceId: w.workspaceId, commentId: c.id })).toMatchObject({ replied: "no" });
    expect(repliesOnFake(c.platformId)).toEqual([]);
    ok(await w.owner.mutation("ai.control.set", { enabled: true }));
  });

  it("AI control on: the answer goes out publicly by default, privately when the workspace says so", async () => {
    const pub = await customerComments(QUESTION);
    expect(await triageComment(deps(), { workspaceId: w.workspaceId, commentId: pub.id })).toMatchObject({ triage: "AUTO_REPLY", replied: "queued" });
    expect((await settledOutbox(pub.id))[0]).toMatchObject({ status: "sent", automatic: true });
    expect(repliesOnFake(pub.platformId)).toHaveLength(1);
    expect(JSON.stringify(repliesOnFake(pub.platformId))).toMatch(/10 h|mardi/);

    ok(await w.owner.mutation("workspace.update", { commentReplyMode: "private" }));
    const priv = await customerComments(QUESTION);
    expect(await triageComment(deps(), { workspaceId: w.workspaceId, commentId: priv.id })).toMatchObject({ replied: "queued" });
    expect((await settledOutbox(priv.id))[0]).toMatchObject({ status: "sent" });
    expect(repliesOnFake(priv.platformId)).toEqual([]);
    expect(privateRepliesTo(priv.platformId)).toHaveLength(1);
    const decision = await db().selectFrom("ai_decisions").select(["outcome", "comment_id"]).where("comment_id", "=", priv.id).executeTakeFirstOrThrow();
    expect(decision.outcome).toBe("sent");

    // A rule that says "public" wins over the workspace's "private".
    const rule = ok<{ rule: { id: string; commentReplyMode: string } }>(
      await w.owner.mutation("ai.rules.create", { type: "auto", name: "Horaires", keywords: ["horaires"], priority: 1, commentReplyMode: "public" }),
    );
    expect(rule.rule.commentReplyMode).toBe("public");
    const byRule = await customerComments(QUESTION);
    expect(await triageComment(deps(), { workspaceId: w.workspaceId, commentId: byRule.id })).toMatchObject({ replied: "queued" });
    await settledOutbox(byRule.id);
    expect(repliesOnFake(byRule.platformId)).toHaveLength(1);
    ok(await w.owner.mutation("workspace.update", { commentReplyMode: "public" }));
  });

  it("a deny rule hides the comment when the workspace hides spam; escalations show in the escalated filter", async () => {
    ok(await w.owner.mutation("ai.rules.create", { type: "deny", name: "Spam", keywords: ["crypto"], priority: 1 }));
    const kept = await customerComments("Gagnez en crypto ici");
    expect(await triageComment(deps(), { workspaceId: w.workspaceId, commentId: kept.id })).toMatchObject({ triage: "IGNORE", hidden: false });
    expect(fakeComment(kept.platformId)?.hidden).toBe(false);

    ok(await w.owner.mutation("workspace.update", { commentHideSpam: true }));
    const spam = await customerComments("crypto gratuite, cliquez");
    expect(await triageComment(deps(), { workspaceId: w.workspaceId, commentId: spam.id })).toMatchObject({ triage: "IGNORE", hidden: true });
    expect(fakeComment(spam.platformId)?.hidden).toBe(true);

    const angry = await customerComments("Je veux être remboursé, c'est inadmissible !");
    expect(await triageComment(deps(), { workspaceId: w.workspaceId, commentId: angry.id })).toMatchObject({ triage: "ESCALATE", replied: "no" });
    const escalated = ok<{ items: { id: string; decision: { reasonCode: string } }[] }>(await w.owner.query("comments.list", { postId, filter: "escalated" }));
    expect(escalated.items.map((i) => i.id)).toContain(angry.id);
    const posts = ok<{ items: { id: string; escalated: number; unanswered: number; polling: { stopAt: string } }[] }>(await w.owner.query("comments.posts"));
    const post = posts.items.find((p) => p.id === postId)!;
    expect(post.escalated).toBeGreaterThanOrEqual(1);
    expect(post.unanswered).toBeGreaterThanOrEqual(post.escalated);
    expect(post.polling.stopAt).toBeTruthy();
  });

  it("own comments are never triaged", async () => {
    const own = await customerComments("Merci à tous !", { own: true });
    expect(await triageComment(deps(), { workspaceId: w.workspaceId, commentId: own.id })).toEqual({ done: "skipped", why: "own" });
    expect(await db().selectFrom("ai_decisions").select("id").where("comment_id", "=", own.id).execute()).toEqual([]);
  });
});
