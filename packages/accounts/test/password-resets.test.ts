import { hashToken, verifyPassword } from "@sillage/crypto";
import { sql } from "@sillage/db";
import { createTestDatabase, type TestDatabase } from "@sillage/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccountsError,
  createSession,
  issuePasswordReset,
  passwordResetLinkState,
  PASSWORD_RESET_POLICY,
  prunePasswordResets,
  requestPasswordReset,
  resetPassword,
  resolveAuth,
  sendPasswordResetEmail,
  signIn,
  signUp,
  type AccountMail,
} from "../src";

let db: TestDatabase;
const t0 = new Date("2026-03-10T12:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const meta = (now: Date, ip = "198.51.100.7") => ({ ip, userAgent: null, now });
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function person(email: string, locale: "fr" | "en" = "fr") {
  return signUp(db.db, { email, password: "the old password", name: "Léa <Roux>", locale }, meta(t0));
}

function capturingMailer() {
  const sent: AccountMail[] = [];
  return { sent, mailer: { send: async (m: AccountMail) => void sent.push(m) } };
}

/** The token the e-mail's link carries, as a person clicking it would read it. */
const tokenOf = (mail: AccountMail) => new URL(/https?:\/\/\S+/.exec(mail.text)![0]).searchParams.get("token")!;

async function mailedToken(email: string, now: Date) {
  const { sent, mailer } = capturingMailer();
  expect(await sendPasswordResetEmail({ db: db.db, clock: { now: () => now }, mailer, appUrl: "https://app.example.com" }, email)).toBe("sent");
  return tokenOf(sent[0]!);
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AccountsError);
  return (err as AccountsError).code;
}

const count = async (table: "password_resets" | "password_reset_requests") => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db.db)).rows[0]!.n);

/** The reset e-mail jobs queued for requests of this address, by key. */
const jobsFor = async (email: string) =>
  (
    await sql<{ key: string | null }>`select j.key from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id and t.identifier = 'auth.password_reset_email'
      join password_reset_requests r on r.id = (j.payload->>'requestId')::bigint
      where r.email = ${email}`.execute(db.db)
  ).rows;

describe("requestPasswordReset", () => {
  it("answers and works the same for an address without an account: one recorded request and one queued e-mail job each", async () => {
    await person("known@example.com");
    const known = await requestPasswordReset(db.db, "known@example.com", { ip: "203.0.113.1", now: t0 });
    const unknown = await requestPasswordReset(db.db, "nobody@example.com", { ip: "203.0.113.1", now: t0 });
    expect(unknown).toEqual(known);
    expect(known).toEqual({ ok: true });
    for (const email of ["known@example.com", "nobody@example.com"]) {
      expect(await jobsFor(email)).toEqual([{ key: `password-reset:${hashToken(email).toString("hex").slice(0, 32)}` }]);
      const rows = await db.db.selectFrom("password_reset_requests").select(["ip", "queued"]).where("email", "=", email).execute();
      expect(rows).toEqual([{ ip: "203.0.113.1", queued: true }]);
    }
  });

  it("queues at most 3 e-mails an hour per address (later requests get the same answer, no e-mail), and 10 requests per 15 min per client", async () => {
    const email = "flood@example.com";
    for (let i = 0; i < 5; i++) expect(await requestPasswordReset(db.db, email, { ip: `192.0.2.${i}`, now: at(i) })).toEqual({ ok: true });
    const queued = await db.db.selectFrom("password_reset_requests").select("queued").where("email", "=", email).orderBy("id").execute();
    expect(queued.map((r) => r.queued)).toEqual([true, true, true, false, false]);
    // The hour after the first queued e-mail, the address gets one again.
    expect(await requestPasswordReset(db.db, email, { ip: "192.0.2.9", now: at(61) })).toEqual({ ok: true });
    expect((await db.db.selectFrom("password_reset_requests").select("queued").where("email", "=", email).orderBy("id", "desc").executeTakeFirstOrThrow()).queued).toBe(true);

    const ip = "203.0.113.50";
    for (let i = 0; i < PASSWORD_RESET_POLICY.perAddress; i++) expect(await requestPasswordReset(db.db, `p${i}@example.com`, { ip, now: at(i) })).toEqual({ ok: true });
    const refused = await requestPasswordReset(db.db, "p-next@example.com", { ip, now: at(10) });
    // The first request (minute 0) leaves the 15-minute window at minute 15: five minutes from minute 10.
    expect(refused).toEqual({ ok: false, retryAfterMs: 5 * 60_000 });
    expect(await jobsFor("p-next@example.com")).toEqual([]);
    expect(await requestPasswordReset(db.db, "p-next@example.com", { ip, now: at(15.1) })).toEqual({ ok: true });
  });
});

describe("sendPasswordResetEmail", () => {
  it("stores only the SHA-256 of a random token, and the link is APP_URL's /reset-password?token=…", async () => {
    await person("hash@example.com");
    const { sent, mailer } = capturingMailer();
    await sendPasswordResetEmail({ db: db.db, clock: { now: () => t0 }, mailer, appUrl: "https://app.example.com/" }, "hash@example.com");
    const token = tokenOf(sent[0]!);
    expect(sent[0]!.text).toContain(`https://app.example.com/reset-password?token=${token}`);
    expect(token).toMatch(/^pwr_[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    const rows = await db.db
      .selectFrom("password_resets as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .select(["r.token_hash", "r.expires_at", "r.created_at"])
      .where("u.email", "=", "hash@example.com")
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash.equals(hashToken(token))).toBe(true);
    expect(rows[0]!.expires_at.getTime() - rows[0]!.created_at.getTime()).toBe(60 * 60_000);
    const dump = JSON.stringify((await sql`select * from password_resets`.execute(db.db)).rows);
    expect(dump).not.toContain(token.slice(4));
  });

  it("writes in the person's language, text and HTML (names escaped), and makes no link without an account or without a mailer", async () => {
    await person("fr@example.com", "fr");
    await person("en@example.com", "en");
    const { sent, mailer } = capturingMailer();
    const svc = { db: db.db, clock: { now: () => t0 }, mailer, appUrl: "https://app.example.com" };
    await sendPasswordResetEmail(svc, "fr@example.com");
    await sendPasswordResetEmail(svc, "en@example.com");
    const [fr, en] = sent;
    expect(fr!.to).toBe("fr@example.com");
    expect(fr!.subject).toBe("Sillage · Réinitialiser votre mot de passe");
    expect(fr!.text).toContain("Bonjour Léa <Roux>,");
    expect(fr!.text).toContain("Le lien est valable 60 minutes et ne sert qu’une fois.");
    expect(fr!.html).toContain("Bonjour Léa &#60;Roux&#62;,");
    expect(fr!.html).toContain(`<a href="https://app.example.com/reset-password?token=${tokenOf(fr!)}">Choisir un nouveau mot de passe</a>`);
    expect(en!.subject).toBe("Sillage · Reset your password");
    expect(en!.text).toContain("Hello Léa <Roux>,");
    expect(en!.text).toContain("The link is valid for 60 minutes and works once.");
    expect(en!.html).toContain(`<a href="https://app.example.com/reset-password?token=${tokenOf(en!)}">Choose a new password</a>`);

    const before = await count("password_resets");
    expect(await sendPasswordResetEmail(svc, "ghost@example.com")).toBe("no_account");
    expect(await sendPasswordResetEmail({ ...svc, mailer: undefined }, "fr@example.com")).toBe("email_off");
    expect(await count("password_resets")).toBe(before);
    expect(sent).toHaveLength(2);
  });

  it("leaves no link behind when the send fails (the job's retry issues another)", async () => {
    const { userId } = await person("fails@example.com");
    const failing = { send: async () => Promise.reject(new Error("SMTP down")) };
    await expect(sendPasswordResetEmail({ db: db.db, clock: { now: () => t0 }, mailer: failing, appUrl: "https://a.example" }, "fails@example.com")).rejects.toThrow("SMTP down");
    expect(await db.db.selectFrom("password_resets").select("id").where("user_id", "=", userId).execute()).toEqual([]);
  });
});

describe("resetPassword", () => {
  it("sets the password (scrypt, as sign-up), revokes every session, clears the login throttle's failures and spends the link", async () => {
    const { userId, session } = await person("reset@example.com");
    const other = await createSession(db.db, userId, meta(t0, "192.0.2.77"));
    for (let i = 0; i < 6; i++) await signIn(db.db, { email: "reset@example.com", password: "wrong guess" }, meta(at(1), "192.0.2.66"));
    const throttled = await signIn(db.db, { email: "reset@example.com", password: "the old password" }, meta(at(1), "192.0.2.66"));
    expect(throttled).toMatchObject({ ok: false, reason: "throttled" });

    const token = await mailedToken("reset@example.com", at(2));
    expect(await resetPassword(db.db, { token, password: "a brand new password" }, at(3))).toEqual({ userId, email: "reset@example.com" });

    const user = await db.db.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^scrypt\$/);
    expect(await verifyPassword("a brand new password", user.password_hash)).toBe(true);
    expect(await verifyPassword("the old password", user.password_hash)).toBe(false);
    for (const s of [session, other]) expect(await resolveAuth(db.db, { sessionToken: s.token }, at(4))).toBeNull();
    // The address that had failed may sign in at once with the new password; the old one is refused.
    expect(await signIn(db.db, { email: "reset@example.com", password: "the old password" }, meta(at(4), "192.0.2.66"))).toEqual({ ok: false, reason: "bad_credentials" });
    expect(await signIn(db.db, { email: "reset@example.com", password: "a brand new password" }, meta(at(4), "192.0.2.66"))).toMatchObject({ ok: true });

    expect(await refusal(resetPassword(db.db, { token, password: "yet another password" }, at(5)))).toBe("reset_link_used");
  });

  it("refuses a link at its hour (the injected clock), but not a minute before", async () => {
    await person("expiry@example.com");
    const token = await mailedToken("expiry@example.com", t0);
    expect(await refusal(resetPassword(db.db, { token, password: "too late password" }, at(60)))).toBe("reset_link_expired");
    await resetPassword(db.db, { token, password: "just in time password" }, at(59));
  });

  it("refuses an older link once a newer one was issued, and a link issued before the password changed another way", async () => {
    const { userId } = await person("newer@example.com");
    const older = await mailedToken("newer@example.com", t0);
    const newer = await mailedToken("newer@example.com", at(1));
    expect(await refusal(resetPassword(db.db, { token: older, password: "from the old link" }, at(2)))).toBe("reset_link_invalid");
    await db.db.updateTable("users").set({ password_hash: "scrypt$changed-elsewhere" }).where("id", "=", userId).execute();
    expect(await refusal(resetPassword(db.db, { token: newer, password: "from the new link" }, at(3)))).toBe("reset_link_invalid");
    expect(await refusal(resetPassword(db.db, { token: "pwr_not-a-token-we-issued", password: "from nowhere at all" }, at(3)))).toBe("reset_link_invalid");
  });

  it("issuing and using one link supersedes every other open link of the person", async () => {
    const { userId } = await person("two@example.com");
    const first = await db.db.transaction().execute((trx) => issuePasswordReset(trx, userId, t0));
    const second = await db.db.transaction().execute((trx) => issuePasswordReset(trx, userId, at(1)));
    await resetPassword(db.db, { token: second.token, password: "second link password" }, at(2));
    expect(await refusal(resetPassword(db.db, { token: first.token, password: "first link password" }, at(3)))).toBe("reset_link_invalid");
  });
});

describe("passwordResetLinkState", () => {
  it("tells a link's worth as its page opens (valid, expired at its hour, used, superseded, unknown) and spends nothing", async () => {
    await person("peek@example.com");
    const older = await mailedToken("peek@example.com", t0);
    const token = await mailedToken("peek@example.com", at(1));
    expect(await passwordResetLinkState(db.db, older, at(2))).toBe("invalid");
    expect(await passwordResetLinkState(db.db, token, at(2))).toBe("valid");
    expect(await passwordResetLinkState(db.db, token, at(2))).toBe("valid"); // looking twice spends nothing
    expect(await passwordResetLinkState(db.db, token, at(61))).toBe("expired");
    expect(await passwordResetLinkState(db.db, "pwr_not-a-token-we-issued", at(2))).toBe("invalid");
    await resetPassword(db.db, { token, password: "set from the link" }, at(3));
    expect(await passwordResetLinkState(db.db, token, at(4))).toBe("used");
  });
});

describe("prunePasswordResets", () => {
  it("drops requests after a day and links a day past their expiry", async () => {
    const later = new Date(t0.getTime() + 3 * 86_400_000);
    expect(await prunePasswordResets(db.db, later)).toBeGreaterThan(0);
    expect(await count("password_resets")).toBe(0);
    expect(await count("password_reset_requests")).toBe(0);
  });
});
