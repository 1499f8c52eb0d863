import { changePlan, consumeCredit, grantPeriodCredits, topUpCredits } from "@sillage/billing";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { sql, withWorkspace } from "@sillage/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEscalationThresholds, getPreferences, listNotifications, markRead, scanWorkspace, setEscalationThresholds, setPreferences } from "../src";

let t: TestDatabase;
let ws: string;
let admin: string;
let agent: string;
let otherAgent: string;
let channel: string;
let contact: string;
let post: string;
const t0 = new Date("2026-12-02T10:00:00Z");
let now = t0;
const clock = { now: () => now };
const min = 60_000;
const CAPTION = "Les nouveautés du printemps arrivent en boutique dès samedi : robes, sandales et paniers tressés, venez vite !";

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  ws = (await db.insertInto("workspaces").values({ name: "Shop", slug: "shop-notif" }).returning("id").executeTakeFirstOrThrow()).id;
  const user = async (email: string, role: "admin" | "agent") => {
    const id = (await db.insertInto("users").values({ email, name: email, password_hash: "x" }).returning("id").executeTakeFirstOrThrow()).id;
    await db.insertInto("memberships").values({ workspace_id: ws, user_id: id, role }).execute();
    return id;
  };
  admin = await user("admin@example.com", "admin");
  agent = await user("agent@example.com", "agent");
  otherAgent = await user("agent2@example.com", "agent");
  channel = (
    await db
      .insertInto("channels")
      .values({ workspace_id: ws, platform: "instagram", display_name: "Shop IG", external_id: "ig-1", token_ciphertext: Buffer.from("x"), token_key_id: "k" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  contact = (await db.insertInto("contacts").values({ workspace_id: ws, channel_id: channel, platform: "instagram", platform_user_id: "cust-1" }).returning("id").executeTakeFirstOrThrow()).id;
  post = (await db.insertInto("scheduled_posts").values({ workspace_id: ws, content: JSON.stringify({ text: CAPTION }), time_zone: "Europe/Paris", rrule: "FREQ=DAILY" }).returning("id").executeTakeFirstOrThrow()).id;
});
afterAll(() => t?.drop());

const open = () => t.db.selectFrom("notifications").selectAll().where("workspace_id", "=", ws).where("resolved_at", "is", null).orderBy("kind").execute();
const publication = (due: Date, status: string, extra: Record<string, unknown> = {}) =>
  t.db
    .insertInto("post_publications")
    .values({ workspace_id: ws, post_id: post, channel_id: channel, due_at: due, status, ...extra })
    .returning("id")
    .executeTakeFirstOrThrow()
    .then((r) => r.id);

describe("notifications scan", () => {
  it("a failed post notifies once; scanning again (retry, restart) adds nothing; a series failing again updates the same notification", async () => {
    const first = await publication(new Date(t0.getTime() - 86_400_000), "failed", { failed_at: t0, error_class: "media_rejected", error_message: "Instagram refused the image" });
    expect(await scanWorkspace(t.db, clock, ws)).toEqual({ opened: 1, updated: 0, resolved: 0 });
    expect(await scanWorkspace(t.db, clock, ws)).toEqual({ opened: 0, updated: 0, resolved: 0 });
    let rows = await open();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "publication_failed", object_type: "post", object_id: post, link_id: post, occurrences: 1 });
    expect(rows[0]!.params).toMatchObject({ publicationId: first, errorClass: "media_rejected", reason: "Instagram refused the image" });
    // Which post: the caption's start, the channel and the time it was due, so the bell can name it.
    expect(rows[0]!.params).toMatchObject({ excerpt: CAPTION.slice(0, 80), channelName: "Shop IG", platform: "instagram", dueAt: new Date(t0.getTime() - 86_400_000).toISOString() });
    // The next day's occurrence fails too: one open notification, two occurrences.
    now = new Date(t0.getTime() + 86_400_000);
    const second = await publication(t0, "failed", { failed_at: now, error_class: "media_rejected", error_message: "Instagram refused the image" });
    expect(await scanWorkspace(t.db, clock, ws)).toEqual({ opened: 0, updated: 1, resolved: 0 });
    rows = await open();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ occurrences: 2 });
    expect(rows[0]!.params).toMatchObject({ publicationId: second });
    // The next occurrence is published: the failure state ended.
    await publication(now, "published", { published_at: now });
    expect(await scanWorkspace(t.db, clock, ws)).toEqual({ opened: 0, updated: 0, resolved: 1 });
    expect(await open()).toHaveLength(0);
    const events = await t.db.selectFrom("workspace_events").select("type").where("workspace_id", "=", ws).where("type", "=", "notification.changed").execute();
    expect(events).toHaveLength(3);
  });

  it("a post waiting for quota notifies only after an hour", async () => {
    const id = await publication(new Date(now.getTime() - 30 * min), "waiting_quota");
    await scanWorkspace(t.db, clock, ws);
    expect((await open()).filter((n) => n.kind === "quota_waiting")).toHaveLength(0);
    now = new Date(now.getTime() + 31 * min);
    await scanWorkspace(t.db, clock, ws);
    await scanWorkspace(t.db, clock, ws);
    expect((await open()).filter((n) => n.kind === "quota_waiting").map((n) => n.object_id)).toEqual([id]);
    await t.db.updateTable("post_publications").set({ status: "published" }).where("id", "=", id).execute();
    await scanWorkspace(t.db, clock, ws);
    expect((await open()).filter((n) => n.kind === "quota_waiting")).toHaveLength(0);
  });

  it("a channel to reconnect and a token expiring within 7 days notify, once each", async () => {
    await t.db.updateTable("channels").set({ token_expiry: "known", token_expires_at: new Date(now.getTime() + 8 * 86_400_000) }).where("id", "=", channel).execute();
    await scanWorkspace(t.db, clock, ws);
    expect((await open()).filter((n) => n.object_type === "channel")).toHaveLength(0);
    now = new Date(now.getTime() + 2 * 86_400_000);
    await scanWorkspace(t.db, clock, ws);
    await scanWorkspace(t.db, clock, ws);
    expect((await open()).filter((n) => n.object_type === "channel").map((n) => n.kind)).toEqual(["token_expiring"]);
    await t.db.updateTable("channels").set({ status: "needs_reconnect", last_error: "token_revoked" }).where("id", "=", channel).execute();
    await scanWorkspace(t.db, clock, ws);
    expect((await open()).filter((n) => n.object_type === "channel").map((n) => n.kind)).toEqual(["channel_reconnect"]);
    await t.db.updateTable("channels").set({ status: "active", token_expires_at: new Date(now.getTime() + 60 * 86_400_000) }).where("id", "=", channel).execute();
    await scanWorkspace(t.db, clock, ws);
    expect((await open()).filter((n) => n.object_type === "channel")).toHaveLength(0);
  });

  it("an escalated conversation unanswered past the workspace threshold notifies its assignee (or everyone when unassigned)", async () => {
    const conv = (
      await t.db
        .insertInto("conversations")
        .values({ workspace_id: ws, channel_id: channel, contact_id: contact, platform: "instagram", last_triage: "ESCALATE", last_inbound_at: new Date(now.getTime() - 10 * min), assignee_id: otherAgent })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    await scanWorkspace(t.db, clock, ws);
    expect((await open()).filter((n) => n.kind === "escalation_waiting")).toHaveLength(0);
    // The workspace's threshold is 5 minutes: now it waited too long.
    await t.db.insertInto("notification_settings").values({ workspace_id: ws, escalation_minutes: 5 }).execute();
    await scanWorkspace(t.db, clock, ws);
    await scanWorkspace(t.db, clock, ws);
    expect((await open()).filter((n) => n.kind === "escalation_waiting").map((n) => n.object_id)).toEqual([conv]);

    const list = (user: string, role: "admin" | "agent") => withWorkspace(t.db, ws, (db) => listNotifications(db, user, role, { limit: 50, now }));
    expect((await list(otherAgent, "agent")).items.map((i) => i.kind)).toEqual(["escalation_waiting"]);
    // Assigned to someone else: the other agent does not hear; admins do not by default.
    expect((await list(agent, "agent")).items).toHaveLength(0);
    expect((await list(admin, "admin")).items.map((i) => i.kind)).not.toContain("escalation_waiting");

    // A person answers: resolved.
    await t.db.updateTable("conversations").set({ last_human_reply_at: now }).where("id", "=", conv).execute();
    await scanWorkspace(t.db, clock, ws);
    expect((await open()).filter((n) => n.kind === "escalation_waiting")).toHaveLength(0);
  });

  it("each channel's own escalation threshold: 5 minutes on one, 60 on another, the workspace's elsewhere", async () => {
    const db = t.db;
    const tw = (await db.insertInto("workspaces").values({ name: "Thresholds", slug: "thresholds-notif" }).returning("id").executeTakeFirstOrThrow()).id;
    const channelOf = (name: string) =>
      db
        .insertInto("channels")
        .values({ workspace_id: tw, platform: "instagram", display_name: name, external_id: `ext-${name}`, token_ciphertext: Buffer.from("x"), token_key_id: "k" })
        .returning("id")
        .executeTakeFirstOrThrow()
        .then((r) => r.id);
    const fast = await channelOf("fast");
    const slow = await channelOf("slow");
    const plain = await channelOf("plain");
    await withWorkspace(db, tw, (sdb) => setEscalationThresholds(sdb, tw, { channels: [{ channelId: fast, minutes: 5 }, { channelId: slow, minutes: 60 }] }));
    const start = now;
    const conversationOn = async (ch: string) => {
      const who = (await db.insertInto("contacts").values({ workspace_id: tw, channel_id: ch, platform: "instagram", platform_user_id: `c-${ch}` }).returning("id").executeTakeFirstOrThrow()).id;
      return (
        await db
          .insertInto("conversations")
          .values({ workspace_id: tw, channel_id: ch, contact_id: who, platform: "instagram", last_triage: "ESCALATE", last_inbound_at: start })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    };
    const onFast = await conversationOn(fast);
    const onSlow = await conversationOn(slow);
    const onPlain = await conversationOn(plain);
    const slowComment = (
      await db
        .insertInto("comments")
        .values({ workspace_id: tw, channel_id: slow, platform_comment_id: "thr-1", platform_media_id: "m-thr", platform_timestamp: start, text: "Help", triage: "ESCALATE", created_at: start })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const waiting = async () =>
      (await db.selectFrom("notifications").select("object_id").where("workspace_id", "=", tw).where("kind", "=", "escalation_waiting").where("resolved_at", "is", null).execute())
        .map((r) => r.object_id)
        .sort();
    const scanAt = async (minutes: number) => {
      now = new Date(start.getTime() + minutes * min);
      await scanWorkspace(db, clock, tw);
    };
    await scanAt(4);
    expect(await waiting()).toEqual([]);
    await scanAt(6);
    expect(await waiting()).toEqual([onFast]);
    await scanAt(16); // the workspace's 15 minutes
    expect(await waiting()).toEqual([onFast, onPlain].sort());
    await scanAt(59);
    expect(await waiting()).toEqual([onFast, onPlain].sort());
    await scanAt(61);
    expect(await waiting()).toEqual([onFast, onSlow, onPlain, slowComment].sort());

    // Back to the default (and a default of 90): the slow channel's items wait again.
    const after = await withWorkspace(db, tw, (sdb) => setEscalationThresholds(sdb, tw, { defaultMinutes: 90, channels: [{ channelId: slow, minutes: null }] }));
    expect(after).toMatchObject({ defaultMinutes: 90, channels: [{ name: "fast", minutes: 5 }, { name: "plain", minutes: null }, { name: "slow", minutes: null }] });
    await scanAt(62);
    expect(await waiting()).toEqual([onFast]);
    // Another workspace's channel is unknown here: nothing changes.
    expect(await withWorkspace(db, tw, (sdb) => setEscalationThresholds(sdb, tw, { defaultMinutes: 5, channels: [{ channelId: channel, minutes: 1 }] }))).toEqual({ unknownChannel: channel });
    expect((await withWorkspace(db, tw, (sdb) => getEscalationThresholds(sdb))).defaultMinutes).toBe(90);
  });

  it("an escalated comment without our reply notifies", async () => {
    const c = (
      await t.db
        .insertInto("comments")
        .values({ workspace_id: ws, channel_id: channel, platform_comment_id: "c-1", platform_media_id: "m-1", platform_timestamp: now, text: "Refund?!", triage: "ESCALATE", created_at: new Date(now.getTime() - 20 * min) })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    await scanWorkspace(t.db, clock, ws);
    await scanWorkspace(t.db, clock, ws);
    expect((await open()).filter((n) => n.object_type === "comment").map((n) => n.object_id)).toEqual([c]);
    await t.db.insertInto("comments").values({ workspace_id: ws, channel_id: channel, platform_comment_id: "c-2", platform_media_id: "m-1", platform_timestamp: now, text: "We answer in DM", own: true, parent_id: c }).execute();
    await scanWorkspace(t.db, clock, ws);
    expect((await open()).filter((n) => n.object_type === "comment")).toHaveLength(0);
  });

  it("preferences: defaults by role, a member's choice respected, read marks undone by a new occurrence", async () => {
    await publication(new Date(now.getTime() - 2 * min), "failed", { failed_at: now, error_class: "x", error_message: "boom" });
    await scanWorkspace(t.db, clock, ws);
    await withWorkspace(t.db, ws, async (db) => {
      const prefs = await getPreferences(db, admin, "admin");
      expect(prefs.find((p) => p.kind === "publication_failed")).toEqual({ kind: "publication_failed", inApp: true, email: true, isDefault: true });
      expect((await getPreferences(db, agent, "agent")).find((p) => p.kind === "publication_failed")).toMatchObject({ inApp: false });
      const before = await listNotifications(db, admin, "admin", { limit: 50, now });
      expect(before.unread).toBe(1);
      expect(await markRead(db, ws, admin, { all: true }, now)).toBeGreaterThan(0);
      expect((await listNotifications(db, admin, "admin", { limit: 50, now })).unread).toBe(0);
      await setPreferences(db, ws, admin, "admin", [{ kind: "publication_failed", inApp: false, email: false }]);
      expect((await listNotifications(db, admin, "admin", { limit: 50, now })).items.map((i) => i.kind)).not.toContain("publication_failed");
      await setPreferences(db, ws, admin, "admin", [{ kind: "publication_failed", inApp: true, email: false }]);
    });
    // The same post fails again later: unread again for the admin who had read it.
    now = new Date(now.getTime() + 86_400_000);
    await publication(new Date(now.getTime() - min), "failed", { failed_at: now, error_class: "x", error_message: "boom" });
    await scanWorkspace(t.db, clock, ws);
    expect((await withWorkspace(t.db, ws, (db) => listNotifications(db, admin, "admin", { limit: 50, now }))).unread).toBe(1);
  });

  it("credits running low notify owners and admins once, again at 0, and resolve on a top-up or the next grant", async () => {
    const db = t.db;
    const cw = (await db.insertInto("workspaces").values({ name: "Credits", slug: "credits-notif" }).returning("id").executeTakeFirstOrThrow()).id;
    const member = async (email: string, role: "owner" | "admin" | "agent") => {
      const id = (await db.insertInto("users").values({ email, name: email, password_hash: "x" }).returning("id").executeTakeFirstOrThrow()).id;
      await db.insertInto("memberships").values({ workspace_id: cw, user_id: id, role }).execute();
      return id;
    };
    const owner = await member("owner-credits@example.com", "owner");
    const cAdmin = await member("admin-credits@example.com", "admin");
    const cAgent = await member("agent-credits@example.com", "agent");
    let billingNow = t0;
    const billingClock = { now: () => billingNow };
    // Free plan: 50 credits a month, low at max(5, 10 % of 50) = 5.
    await changePlan(db, { workspaceId: cw, plan: "free", by: "test" }, billingClock);
    const consume = (n: number) => withWorkspace(db, cw, async (trx) => {
      for (let i = 0; i < n; i++) expect(await consumeCredit(trx, cw, crypto.randomUUID(), billingClock)).toBe(true);
    });
    const credits = () => db.selectFrom("notifications").selectAll().where("workspace_id", "=", cw).where("kind", "=", "credits_low").orderBy("opened_at").execute();
    const scan = () => scanWorkspace(db, clock, cw);

    // Before its first grant a balance of 0 is not "running low".
    expect(await scan()).toEqual({ opened: 0, updated: 0, resolved: 0 });
    await withWorkspace(db, cw, (trx) => grantPeriodCredits(trx, cw, billingClock));
    await consume(44);
    expect(await scan()).toEqual({ opened: 0, updated: 0, resolved: 0 });

    await consume(1); // 5 left: at the threshold
    expect(await scan()).toEqual({ opened: 1, updated: 0, resolved: 0 });
    expect(await scan()).toEqual({ opened: 0, updated: 0, resolved: 0 });
    let rows = await credits();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ object_type: "workspace", object_id: cw, resolved_at: null, occurrences: 1 });
    expect(rows[0]!.params).toMatchObject({ balance: 5, threshold: 5, monthlyGrant: 50, plan: "free", occurrence: "low" });
    // E-mail goes with the opening, once.
    const emailJobs = await sql<{ n: string }>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key LIKE ${`notify-email:${rows[0]!.id}:%`}`.execute(db);
    expect(Number(emailJobs.rows[0]!.n)).toBe(1);

    // Role defaults: owners and admins hear it, agents do not.
    await withWorkspace(db, cw, async (sdb) => {
      for (const [user, role] of [[owner, "owner"], [cAdmin, "admin"]] as const) {
        expect((await getPreferences(sdb, user, role)).find((p) => p.kind === "credits_low")).toEqual({ kind: "credits_low", inApp: true, email: true, isDefault: true });
        expect((await listNotifications(sdb, user, role, { limit: 50, now })).items.map((i) => i.kind)).toEqual(["credits_low"]);
      }
      expect((await getPreferences(sdb, cAgent, "agent")).find((p) => p.kind === "credits_low")).toMatchObject({ inApp: false, email: false });
      expect((await listNotifications(sdb, cAgent, "agent", { limit: 50, now })).items).toEqual([]);
    });

    // Out of credits: the same notification, seen again.
    await consume(5);
    expect(await scan()).toEqual({ opened: 0, updated: 1, resolved: 0 });
    expect((await credits())[0]).toMatchObject({ occurrences: 2, params: expect.objectContaining({ balance: 0, occurrence: "empty" }) });

    // A top-up lifts the balance above the threshold: resolved.
    await withWorkspace(db, cw, (trx) => topUpCredits(trx, { workspaceId: cw, amount: 10, note: "goodwill", key: "notif-1" }, billingClock));
    expect(await scan()).toEqual({ opened: 0, updated: 0, resolved: 1 });
    expect(await scan()).toEqual({ opened: 0, updated: 0, resolved: 0 });

    // Spent again: a new notification; the next month's grant resolves it.
    await consume(10);
    expect(await scan()).toEqual({ opened: 1, updated: 0, resolved: 0 });
    billingNow = new Date(t0.getTime() + 32 * 86_400_000);
    await withWorkspace(db, cw, (trx) => grantPeriodCredits(trx, cw, billingClock));
    expect(await scan()).toEqual({ opened: 0, updated: 0, resolved: 1 });
    rows = await credits();
    expect(rows.map((r) => r.resolved_at !== null)).toEqual([true, true]);
  });
});
