import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { withWorkspace } from "@sillage/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSmtpMailer, deliverNotificationEmails, digestSlot, getEmailSettings, markRead, sendDueDigests, setEmailSettings, type Mailer } from "../src";
import { bodyOf, startSmtp, subjectOf } from "./smtp";

let t: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let mailer: Mailer;
let ws: string;
let admin: string;
let now = new Date("2026-12-02T10:00:00Z"); // 11:00 in Paris
const clock = { now: () => now };
const at = (iso: string) => (now = new Date(iso));
const svc = () => ({ db: t.db, clock, mailer, appUrl: "https://app.sillage.test" });

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtp();
  mailer = createSmtpMailer(smtp.url, "Sillage <no-reply@sillage.test>");
  ws = (await t.db.insertInto("workspaces").values({ name: "Boutique Lila", slug: "boutique-digest", time_zone: "Europe/Paris" }).returning("id").executeTakeFirstOrThrow()).id;
  admin = (await t.db.insertInto("users").values({ email: "lila@example.com", name: "Lila", password_hash: "x", locale: "fr" }).returning("id").executeTakeFirstOrThrow()).id;
  await t.db.insertInto("memberships").values({ workspace_id: ws, user_id: admin, role: "admin" }).execute();
});
afterAll(async () => {
  await smtp?.close();
  await t?.drop();
});

/** An open channel notification (admins get these by e-mail by default). */
const notification = (channelName: string) =>
  t.db
    .insertInto("notifications")
    .values({ workspace_id: ws, kind: "channel_reconnect", object_type: "channel", object_id: crypto.randomUUID(), params: JSON.stringify({ channelName, occurrence: "reconnect" }), opened_at: now, last_seen_at: now })
    .returning("id")
    .executeTakeFirstOrThrow()
    .then((r) => r.id);
const settings = (s: Partial<Parameters<typeof setEmailSettings>[3]>) =>
  withWorkspace(t.db, ws, (db) => setEmailSettings(db, ws, admin, { timeZone: null, quietFrom: 22, quietTo: 7, emailMode: "immediate", digestHour: 8, ...s }));
const items = () => t.db.selectFrom("notification_digest_items").select(["notification_id", "digest_id", "skipped"]).where("user_id", "=", admin).execute();

describe("digest slots", () => {
  it("hourly: the start of the local hour, also in zones a half hour off UTC; daily: the latest local digest hour", () => {
    expect(digestSlot(new Date("2026-12-02T10:42:10Z"), "Europe/Paris", "hourly", 8).toISOString()).toBe("2026-12-02T10:00:00.000Z");
    // Kolkata is UTC+5:30: its hours start at :30 UTC.
    expect(digestSlot(new Date("2026-12-02T10:42:10Z"), "Asia/Kolkata", "hourly", 8).toISOString()).toBe("2026-12-02T10:30:00.000Z");
    expect(digestSlot(new Date("2026-12-02T10:12:00Z"), "Asia/Kolkata", "hourly", 8).toISOString()).toBe("2026-12-02T09:30:00.000Z");
    // 18 h in Paris is 17:00 UTC in winter: before it, the slot is yesterday's.
    expect(digestSlot(new Date("2026-12-02T16:59:00Z"), "Europe/Paris", "daily", 18).toISOString()).toBe("2026-12-01T17:00:00.000Z");
    expect(digestSlot(new Date("2026-12-02T17:00:00Z"), "Europe/Paris", "daily", 18).toISOString()).toBe("2026-12-02T17:00:00.000Z");
    // Summer time: 18 h in Paris is 16:00 UTC.
    expect(digestSlot(new Date("2026-07-02T16:30:00Z"), "Europe/Paris", "daily", 18).toISOString()).toBe("2026-07-02T16:00:00.000Z");
    // 2 h does not exist in Paris on 29 March 2026 (02:00 → 03:00): that day's digest goes at 3 h.
    expect(digestSlot(new Date("2026-03-29T02:30:00Z"), "Europe/Paris", "daily", 2).toISOString()).toBe("2026-03-29T01:00:00.000Z");
    // 2 h happens twice in Paris on 25 October 2026 (03:00 → 02:00): one slot only, the second 2 h, so one digest.
    expect(digestSlot(new Date("2026-10-25T00:30:00Z"), "Europe/Paris", "daily", 2).toISOString()).toBe("2026-10-24T00:00:00.000Z");
    expect(digestSlot(new Date("2026-10-25T01:30:00Z"), "Europe/Paris", "daily", 2).toISOString()).toBe("2026-10-25T01:00:00.000Z");
    expect(digestSlot(new Date("2026-10-25T02:30:00Z"), "Europe/Paris", "daily", 2).toISOString()).toBe("2026-10-25T01:00:00.000Z");
  });
});

describe("e-mail digest", () => {
  it("collects a daily member's notifications and sends them as one e-mail at their local hour, never twice, leaving out the resolved and the read", async () => {
    await settings({ emailMode: "daily", digestHour: 18 });
    expect(await withWorkspace(t.db, ws, (db) => getEmailSettings(db, ws, admin))).toEqual({
      timeZone: null,
      workspaceTimeZone: "Europe/Paris",
      quietFrom: 22,
      quietTo: 7,
      emailMode: "daily",
      digestHour: 18,
    });
    const ids = [await notification("lila.bijoux"), await notification("lila.atelier"), await notification("Lila WhatsApp")];
    const gone = await notification("ancien compte");
    const seen = await notification("compte lu");
    for (const id of [...ids, gone, seen]) expect(await deliverNotificationEmails(svc(), id)).toEqual([{ userId: admin, outcome: "digest" }]);
    // The e-mail job retried: collected once.
    await deliverNotificationEmails(svc(), ids[0]!);
    expect(await items()).toHaveLength(5);
    expect(smtp.received).toHaveLength(0);

    // Before 18 h in Paris: nothing goes out.
    at("2026-12-02T16:59:00Z");
    expect(await sendDueDigests(svc())).toEqual([{ workspaceId: ws, userId: admin, outcome: "not_due" }]);
    expect(smtp.received).toHaveLength(0);

    // One resolved since, one read in the app since: left out.
    await t.db.updateTable("notifications").set({ resolved_at: now }).where("id", "=", gone).execute();
    await withWorkspace(t.db, ws, (db) => markRead(db, ws, admin, { ids: [seen] }, now));

    at("2026-12-02T17:00:30Z");
    expect(await sendDueDigests(svc())).toEqual([{ workspaceId: ws, userId: admin, outcome: "sent", items: 3, skipped: 2 }]);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(["lila@example.com"]);
    expect(subjectOf(smtp.received[0]!.raw)).toBe("Sillage · Boutique Lila — récapitulatif : 3 notifications");
    const body = bodyOf(smtp.received[0]!.raw);
    expect(body).toContain("Depuis votre dernier récapitulatif, dans Boutique Lila :");
    for (const name of ["lila.bijoux", "lila.atelier", "Lila WhatsApp"]) expect(body).toContain(`• Reconnectez ${name}`);
    expect(body).not.toContain("ancien compte");
    expect(body).not.toContain("compte lu");
    expect(body).toContain("https://app.sillage.test/settings/channels");
    expect(body).toContain("chaque jour à 18 h");
    const rows = await items();
    expect(rows.filter((r) => r.digest_id !== null)).toHaveLength(3);
    expect(rows.find((r) => r.notification_id === gone)?.skipped).toBe("resolved");
    expect(rows.find((r) => r.notification_id === seen)?.skipped).toBe("read");
    const digests = await t.db.selectFrom("notification_digests").select(["slot", "items"]).where("user_id", "=", admin).execute();
    expect(digests).toEqual([{ slot: new Date("2026-12-02T17:00:00Z"), items: 3 }]);

    // The cron again (a retry, a restart, the next minute): nothing is sent twice.
    at("2026-12-02T17:01:00Z");
    expect(await sendDueDigests(svc())).toEqual([]);
    // An item collected before the slot but committed after the digest (a slow e-mail job) waits for the next one.
    const late = await notification("lila.retard");
    await t.db.insertInto("notification_digest_items").values({ workspace_id: ws, user_id: admin, notification_id: late, occurrence: 1, collected_at: new Date("2026-12-02T16:59:59Z") }).execute();
    expect(await sendDueDigests(svc())).toEqual([{ workspaceId: ws, userId: admin, outcome: "already_sent" }]);
    expect(smtp.received).toHaveLength(1);
    at("2026-12-03T17:00:00Z");
    expect(await sendDueDigests(svc())).toEqual([{ workspaceId: ws, userId: admin, outcome: "sent", items: 1, skipped: 0 }]);
    expect(subjectOf(smtp.received[1]!.raw)).toBe("Sillage · Boutique Lila — récapitulatif : 1 notification");
  });

  it("a failed send rolls the digest back and the next run sends it", async () => {
    await settings({ emailMode: "hourly" });
    at("2026-12-04T09:10:00Z");
    await deliverNotificationEmails(svc(), await notification("lila.panne"));
    at("2026-12-04T10:00:00Z");
    const broken: Mailer = { send: () => Promise.reject(new Error("SMTP down")) };
    await expect(sendDueDigests({ ...svc(), mailer: broken })).rejects.toThrow("SMTP down");
    expect(await t.db.selectFrom("notification_digests").select("id").where("slot", "=", now).execute()).toEqual([]);
    const before = smtp.received.length;
    at("2026-12-04T10:01:00Z");
    expect(await sendDueDigests(svc())).toEqual([{ workspaceId: ws, userId: admin, outcome: "sent", items: 1, skipped: 0 }]);
    expect(smtp.received).toHaveLength(before + 1);
    expect(bodyOf(smtp.received.at(-1)!.raw)).toContain("toutes les heures");
  });

  it("a digest due in quiet hours waits until they end, in the member's own zone", async () => {
    // The member lives in New York (UTC−5), quiet 22 h → 7 h there; hourly digests.
    await settings({ emailMode: "hourly", timeZone: "America/New_York" });
    at("2026-12-05T03:20:00Z"); // 22:20 in New York
    await deliverNotificationEmails(svc(), await notification("lila.nuit"));
    const before = smtp.received.length;
    for (const iso of ["2026-12-05T04:00:00Z", "2026-12-05T08:00:00Z", "2026-12-05T11:59:00Z"]) {
      at(iso); // 23 h, 3 h, 6:59 in New York
      expect(await sendDueDigests(svc())).toEqual([{ workspaceId: ws, userId: admin, outcome: "quiet_hours" }]);
    }
    expect(smtp.received).toHaveLength(before);
    at("2026-12-05T12:00:00Z"); // 7 h in New York
    expect(await sendDueDigests(svc())).toEqual([{ workspaceId: ws, userId: admin, outcome: "sent", items: 1, skipped: 0 }]);
    expect(smtp.received).toHaveLength(before + 1);
    expect(await t.db.selectFrom("notification_digests").select("slot").where("slot", "=", now).execute()).toHaveLength(1);
  });

  it("back to immediate: e-mails go one by one again (not counted in a digest)", async () => {
    await settings({ emailMode: "immediate", timeZone: null });
    at("2026-12-06T10:00:00Z");
    const id = await notification("lila.direct");
    expect(await deliverNotificationEmails(svc(), id)).toEqual([{ userId: admin, outcome: "sent" }]);
    expect((await items()).find((r) => r.notification_id === id)).toBeUndefined();
  });
});
