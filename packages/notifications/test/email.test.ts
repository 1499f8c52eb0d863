import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAILURE_REASONS } from "@sillage/wording";
import { createSmtpMailer, deliverNotificationEmails, quietUntil, scanWorkspace, type Mailer } from "../src";
import { bodyOf, startSmtp, subjectOf } from "./smtp";

let t: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let mailer: Mailer;
let ws: string;
let admin: string;
let channel: string;
let now = new Date("2026-12-02T10:00:00Z"); // 11:00 in Paris: not quiet
const clock = { now: () => now };

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtp();
  mailer = createSmtpMailer(smtp.url, "Sillage <no-reply@sillage.test>");
  ws = (await t.db.insertInto("workspaces").values({ name: "Boutique", slug: "boutique-mail", time_zone: "Europe/Paris" }).returning("id").executeTakeFirstOrThrow()).id;
  const user = async (email: string, role: "admin" | "agent", locale: string) => {
    const id = (await t.db.insertInto("users").values({ email, name: email, password_hash: "x", locale }).returning("id").executeTakeFirstOrThrow()).id;
    await t.db.insertInto("memberships").values({ workspace_id: ws, user_id: id, role }).execute();
    return id;
  };
  admin = await user("patronne@example.com", "admin", "fr");
  await user("agent@example.com", "agent", "en");
  channel = await instagramChannel(ws, "Boutique IG", "ig-m", "needs_reconnect");
});
afterAll(async () => {
  await smtp?.close();
  await t?.drop();
});

const instagramChannel = async (workspaceId: string, name: string, externalId: string, status: "active" | "needs_reconnect") =>
  (
    await t.db
      .insertInto("channels")
      .values({ workspace_id: workspaceId, platform: "instagram", display_name: name, external_id: externalId, token_ciphertext: Buffer.from("x"), token_key_id: "k", status })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

/** A workspace owned by a member who reads French and one who reads English. */
const bilingualWorkspace = async (slug: string, owners: { fr: string; en: string }) => {
  const id = (await t.db.insertInto("workspaces").values({ name: slug, slug, time_zone: "Europe/Paris" }).returning("id").executeTakeFirstOrThrow()).id;
  for (const [locale, email] of Object.entries(owners)) {
    const user = (await t.db.insertInto("users").values({ email, name: email, password_hash: "x", locale }).returning("id").executeTakeFirstOrThrow()).id;
    await t.db.insertInto("memberships").values({ workspace_id: id, user_id: user, role: "owner" }).execute();
  }
  return id;
};

const emailJobs = async () =>
  (await t.pool.query<{ payload: { notificationId: string; userId?: string }; run_at: Date }>(
    "select j.payload, j.run_at from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'notifications.email' order by j.id",
  )).rows;

describe("notification e-mail", () => {
  it("a new notification queues one e-mail job; the job sends one e-mail in the member's language, never twice", async () => {
    await scanWorkspace(t.db, clock, ws);
    await scanWorkspace(t.db, clock, ws);
    const jobs = await emailJobs();
    expect(jobs).toHaveLength(1);
    const id = jobs[0]!.payload.notificationId;
    const svc = { db: t.db, clock, mailer, appUrl: "https://app.sillage.test" };
    expect(await deliverNotificationEmails(svc, id)).toEqual([{ userId: admin, outcome: "sent" }]);
    // The job retried (a restart after the send): the claim row stops a second e-mail.
    expect(await deliverNotificationEmails(svc, id)).toEqual([{ userId: admin, outcome: "already_sent" }]);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(["patronne@example.com"]);
    const raw = smtp.received[0]!.raw;
    expect(subjectOf(raw)).toBe("Sillage · Reconnectez Boutique IG");
    const body = bodyOf(raw);
    expect(body).toContain("Le canal Boutique IG doit être reconnecté");
    expect(body).toContain("https://app.sillage.test/settings/channels");
    void channel;
  });

  it("quiet hours hold an e-mail until they end, in the member's zone; the hourly limit holds the rest", async () => {
    // 23:30 in Paris: quiet until 07:00 local (06:00 UTC).
    expect(quietUntil(new Date("2026-12-02T22:30:00Z"), "Europe/Paris", 22, 7)?.toISOString()).toBe("2026-12-03T06:00:00.000Z");
    expect(quietUntil(new Date("2026-12-02T10:00:00Z"), "Europe/Paris", 22, 7)).toBeNull();
    expect(quietUntil(new Date("2026-12-02T22:30:00Z"), "Europe/Paris", 7, 7)).toBeNull();

    await t.db.updateTable("channels").set({ status: "active" }).where("id", "=", channel).execute();
    await scanWorkspace(t.db, clock, ws); // resolves
    await t.db.updateTable("channels").set({ status: "needs_reconnect" }).where("id", "=", channel).execute();
    now = new Date("2026-12-02T22:30:00Z");
    await scanWorkspace(t.db, clock, ws); // a new notification, at night
    const n = await t.db.selectFrom("notifications").select("id").where("workspace_id", "=", ws).where("resolved_at", "is", null).executeTakeFirstOrThrow();
    const svc = { db: t.db, clock, mailer, appUrl: "https://app.sillage.test", hourlyLimit: 1 };
    expect(await deliverNotificationEmails(svc, n.id)).toEqual([{ userId: admin, outcome: "quiet_hours" }]);
    const held = (await emailJobs()).find((j) => j.payload.userId === admin);
    expect(new Date(held!.run_at).toISOString()).toBe("2026-12-03T06:00:00.000Z");
    expect(smtp.received).toHaveLength(1);

    // Morning: the member already got one e-mail within the hour (limit 1): held another hour.
    now = new Date("2026-12-03T06:00:00Z");
    await t.db.insertInto("notification_emails").values({ workspace_id: ws, notification_id: n.id, user_id: admin, occurrence: 99, sent_at: new Date(now.getTime() - 10 * 60_000) }).execute();
    expect(await deliverNotificationEmails(svc, n.id, admin)).toEqual([{ userId: admin, outcome: "rate_limited" }]);
    expect(smtp.received).toHaveLength(1);
    now = new Date("2026-12-03T07:00:00Z");
    expect(await deliverNotificationEmails(svc, n.id, admin)).toEqual([{ userId: admin, outcome: "sent" }]);
    expect(smtp.received).toHaveLength(2);
  });

  it("a member who switched e-mail off for a kind gets none", async () => {
    await t.db.insertInto("notification_preferences").values({ workspace_id: ws, user_id: admin, kind: "channel_reconnect", in_app: true, email: false }).execute();
    const n = await t.db.selectFrom("notifications").select("id").where("workspace_id", "=", ws).where("resolved_at", "is", null).executeTakeFirstOrThrow();
    await t.db.deleteFrom("notification_emails").execute();
    expect(await deliverNotificationEmails({ db: t.db, clock, mailer, appUrl: "x" }, n.id)).toEqual([]);
    expect(smtp.received).toHaveLength(2);
  });

  it("credits running low: owners and admins get it in their language, linking to the billing settings", async () => {
    const cw = (await t.db.insertInto("workspaces").values({ name: "Crédits", slug: "credits-mail", time_zone: "Europe/Paris" }).returning("id").executeTakeFirstOrThrow()).id;
    for (const [email, role, locale] of [["owner-c@example.com", "owner", "fr"], ["admin-c@example.com", "admin", "en"], ["agent-c@example.com", "agent", "fr"]] as const) {
      const id = (await t.db.insertInto("users").values({ email, name: email, password_hash: "x", locale }).returning("id").executeTakeFirstOrThrow()).id;
      await t.db.insertInto("memberships").values({ workspace_id: cw, user_id: id, role }).execute();
    }
    const n = await t.db
      .insertInto("notifications")
      .values({ workspace_id: cw, kind: "credits_low", object_type: "workspace", object_id: cw, params: JSON.stringify({ balance: 4, threshold: 5, monthlyGrant: 50, plan: "free", occurrence: "low" }), opened_at: now, last_seen_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const sent: { to: string; subject: string; text: string }[] = [];
    const outcomes = await deliverNotificationEmails({ db: t.db, clock, mailer: { send: async (m) => void sent.push(m) }, appUrl: "https://app.test" }, n.id);
    expect(outcomes.map((o) => o.outcome)).toEqual(["sent", "sent"]);
    expect(sent.map((m) => m.to).sort()).toEqual(["admin-c@example.com", "owner-c@example.com"]);
    const fr = sent.find((m) => m.to === "owner-c@example.com")!;
    expect(fr.subject).toBe("Sillage · Crédits bientôt épuisés : 4 restants");
    expect(fr.text).toContain("Il ne reste que 4 crédits pour les réponses automatiques (50 par mois");
    expect(fr.text).toContain("https://app.test/settings/billing");
    const en = sent.find((m) => m.to === "admin-c@example.com")!;
    expect(en.subject).toBe("Sillage · Credits running low: 4 left");
    expect(en.text).toContain("https://app.test/settings/billing");
  });

  it("a failed post: a French e-mail gives the French reason (the SPA's words), never Meta's English sentence", async () => {
    const pw = await bilingualWorkspace("failed-mail", { fr: "owner-f@example.com", en: "owner-e@example.com" });
    const meta = "(#9004) The aspect ratio of the image is not supported.";
    const failed = async (objectId: string, params: Record<string, unknown>) => {
      const n = await t.db
        .insertInto("notifications")
        .values({ workspace_id: pw, kind: "publication_failed", object_type: "post", object_id: objectId, params: JSON.stringify(params), opened_at: now, last_seen_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      const sent: { to: string; text: string }[] = [];
      await deliverNotificationEmails({ db: t.db, clock, mailer: { send: async (m) => void sent.push(m) }, appUrl: "https://app.test" }, n.id);
      return { fr: sent.find((m) => m.to === "owner-f@example.com")!.text, en: sent.find((m) => m.to === "owner-e@example.com")!.text };
    };

    const classed = await failed("00000000-0000-4000-8000-000000000001", { errorClass: "invalid_media", reason: meta });
    expect(classed.fr).toContain(`n'a pas pu être publiée : ${FAILURE_REASONS.fr.invalid_media}.`);
    expect(classed.fr).not.toContain(meta);
    expect(classed.en).toContain(`could not be published: ${FAILURE_REASONS.en.invalid_media}.`);

    // No class this build words: Meta's English stays out of the French e-mail, the English one keeps it.
    const unclassed = await failed("00000000-0000-4000-8000-000000000002", { errorClass: null, reason: meta });
    expect(unclassed.fr).toContain(`: ${FAILURE_REASONS.fr.unknown}.`);
    expect(unclassed.fr).not.toContain(meta);
    expect(unclassed.en).toContain(meta);
  });

  it("a post failed with a publication code: each e-mail carries that reason's sentence in its reader's language, with its parameters", async () => {
    const pw = await bilingualWorkspace("coded-mail", { fr: "coded-f@example.com", en: "coded-e@example.com" });
    const ig = await instagramChannel(pw, "Codes IG", "ig-coded", "active");
    const meta = "The aspect ratio is not supported.";
    const failedWith = async (code: string, params: Record<string, unknown>, errorClass: string) => {
      const post = (await t.db.insertInto("scheduled_posts").values({ workspace_id: pw, content: JSON.stringify({ caption: "hi" }), time_zone: "Europe/Paris", rrule: "FREQ=DAILY" }).returning("id").executeTakeFirstOrThrow()).id;
      // As publishing stores a final failure: the class, the English words, the reason as a code with parameters.
      await t.db
        .insertInto("post_publications")
        .values({ workspace_id: pw, post_id: post, channel_id: ig, due_at: now, status: "failed", failed_at: now, error_class: errorClass, error_message: "English words", status_reason: "English words", status_reason_code: code, status_reason_params: JSON.stringify(params) })
        .execute();
      await scanWorkspace(t.db, clock, pw);
      const n = await t.db.selectFrom("notifications").select("id").where("workspace_id", "=", pw).where("object_id", "=", post).executeTakeFirstOrThrow();
      const sent: { to: string; text: string }[] = [];
      await deliverNotificationEmails({ db: t.db, clock, mailer: { send: async (m) => void sent.push(m) }, appUrl: "https://app.test" }, n.id);
      return { fr: sent.find((m) => m.to === "coded-f@example.com")!.text, en: sent.find((m) => m.to === "coded-e@example.com")!.text };
    };

    const shape = await failedWith("publication.ig_aspect_ratio", { detail: meta }, "invalid_media");
    expect(shape.fr).toContain("Instagram a refusé les proportions de l’image : entre 4:5 (portrait) et 1,91:1 (paysage) pour le fil.");
    expect(shape.fr).not.toContain(meta);
    expect(shape.fr).not.toContain("English words");
    expect(shape.en).toContain("Instagram refused the image's shape: feed images must be between 4:5 (portrait) and 1.91:1 (landscape).");
    expect(shape.en).toContain(meta);

    // Its parameters go into the sentence (here the platform the channel was on, named as people write it).
    const gone = await failedWith("publication.channel_disconnected", { platform: "instagram" }, "channel_unavailable");
    expect(gone.fr).toContain("Reconnectez le canal Instagram : il n’est plus connecté.");
    expect(gone.en).toContain("Reconnect the Instagram channel: it is not connected any more.");

    // A platform's refusal by kind keeps the class's words (Meta's English only in the English e-mail).
    const kind = await failedWith("platform.policy", { platform: "instagram", detail: meta }, "policy");
    expect(kind.fr).toContain(`: ${FAILURE_REASONS.fr.policy}.`);
    expect(kind.fr).not.toContain(meta);
  });
});
