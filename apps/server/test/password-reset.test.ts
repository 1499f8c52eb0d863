import { Writable } from "node:stream";
import { PASSWORD_RESET_POLICY, passwordResetEmailJob, type AccountMail } from "@sillage/accounts";
import { createLogger } from "@sillage/observability";
import { startWorker } from "@sillage/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer } from "./harness";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ trustProxy: true });
});
afterAll(() => server.close());

const from = (ip: string) => ({ "x-forwarded-for": ip });
const request = (email: string, ip = "198.51.100.20") => new ApiSession(server.url).mutation("auth.requestPasswordReset", { email }, from(ip));

/** Runs the queued reset e-mail jobs with this mailer (none: e-mail off) until `done`; returns what the job logged. */
async function runResetJobs(mailer: { send(m: AccountMail): Promise<void> } | undefined, done: () => Promise<boolean>): Promise<string> {
  const logs: string[] = [];
  const logger = createLogger({ level: "debug", destination: new Writable({ write: (c: Buffer, _e, cb) => (logs.push(c.toString()), cb()) }) });
  const runner = await startWorker({
    pool: server.db.pool,
    definitions: [passwordResetEmailJob],
    services: { db: server.db.db, clock: server.clock, accounts: { appUrl: server.url, mailer } },
    logger,
    concurrency: 1,
    pollInterval: 50,
  });
  try {
    await expect.poll(done, { timeout: 15_000 }).toBe(true);
  } finally {
    await runner.stop();
  }
  return logs.join("");
}

const pendingJobs = async () =>
  Number((await server.db.db.selectFrom("graphile_worker.jobs" as never).select((eb) => eb.fn.countAll<number>().as("n")).where("task_identifier" as never, "=", "auth.password_reset_email" as never).executeTakeFirstOrThrow()).n);

describe("auth.requestPasswordReset and auth.resetPassword", () => {
  it("answers an unknown address exactly as a known one, e-mails the link only to the account, and the link sets the new password", async () => {
    const owner = await ApiSession.signup(server.url, { email: "owner@example.com", password: "the old password" });
    const known = await request("Owner@Example.com");
    const unknown = await request("stranger@example.com");
    expect(unknown).toEqual(known);
    expect(known).toEqual({ ok: true, status: 200, data: { ok: true } });

    const sent: AccountMail[] = [];
    const logs = await runResetJobs({ send: async (m) => void sent.push(m) }, async () => (await pendingJobs()) === 0);
    expect(sent.map((m) => m.to)).toEqual(["owner@example.com"]);
    const link = new URL(/http\S+/.exec(sent[0]!.text)![0]);
    expect(`${link.origin}${link.pathname}`).toBe(`${server.url}/reset-password`);
    const token = link.searchParams.get("token")!;
    // Neither the token, the link nor an address reach the logs.
    for (const secret of [token, "owner@example.com", "stranger@example.com"]) expect(logs).not.toContain(secret);
    expect(logs).toContain('"outcome":"sent"');
    expect(logs).toContain('"outcome":"no_account"');

    const short = await new ApiSession(server.url).mutation("auth.resetPassword", { token, password: "short" });
    expect(short).toMatchObject({ ok: false, code: "BAD_REQUEST", data: { fieldErrors: { password: ["At least 10 characters"] } } });
    ok(await new ApiSession(server.url).mutation("auth.resetPassword", { token, password: "the new password" }));
    expect(ok(await owner.query("auth.me"))).toBeNull(); // the session opened before is over
    expect(await new ApiSession(server.url).mutation("auth.login", { email: "owner@example.com", password: "the old password" })).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    ok(await new ApiSession(server.url).mutation("auth.login", { email: "owner@example.com", password: "the new password" }));

    const again = await new ApiSession(server.url).mutation("auth.resetPassword", { token, password: "a third password" });
    expect(again).toMatchObject({ ok: false, code: "CONFLICT", data: { appError: { code: "accounts.reset_link_used" } } });
    const forged = await new ApiSession(server.url).mutation("auth.resetPassword", { token: `${token.slice(0, -2)}xx`, password: "a third password" });
    expect(forged).toMatchObject({ ok: false, code: "NOT_FOUND", data: { appError: { code: "accounts.reset_link_invalid" } } });
  });

  it("refuses a link past its hour on the server's clock", async () => {
    await ApiSession.signup(server.url, { email: "late@example.com" });
    ok(await request("late@example.com", "198.51.100.21"));
    const sent: AccountMail[] = [];
    await runResetJobs({ send: async (m) => void sent.push(m) }, async () => sent.length === 1);
    const token = new URL(/http\S+/.exec(sent[0]!.text)![0]).searchParams.get("token")!;
    server.clock.advance(PASSWORD_RESET_POLICY.ttlMs + 1_000);
    try {
      const late = await new ApiSession(server.url).mutation("auth.resetPassword", { token, password: "too late password" });
      expect(late).toMatchObject({ ok: false, code: "BAD_REQUEST", data: { appError: { code: "accounts.reset_link_expired" } } });
    } finally {
      server.clock.advance(-(PASSWORD_RESET_POLICY.ttlMs + 1_000));
    }
  });

  it("without SMTP the job says e-mail is off and makes no link", async () => {
    await ApiSession.signup(server.url, { email: "nomail@example.com" });
    ok(await request("nomail@example.com", "198.51.100.22"));
    const logs = await runResetJobs(undefined, async () => (await pendingJobs()) === 0);
    expect(logs).toContain("password reset: e-mail is off (SMTP_URL unset), no link sent");
    expect(logs).not.toContain("nomail@example.com");
    const links = await server.db.db.selectFrom("password_resets").innerJoin("users", "users.id", "password_resets.user_id").select("password_resets.id").where("users.email", "=", "nomail@example.com").execute();
    expect(links).toEqual([]);
  });

  it("refuses a client asking too often, whatever the address, with Retry-After", async () => {
    const ip = "198.51.100.99";
    for (let i = 0; i < PASSWORD_RESET_POLICY.perAddress; i++) ok(await request(`guess${i}@example.com`, ip));
    const res = await fetch(`${server.url}/trpc/auth.requestPasswordReset`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url, ...from(ip) },
      body: JSON.stringify({ json: { email: "one-more@example.com" } }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await res.json()) as { error: { json: { data: { appError: { code: string } } } } };
    expect(body.error.json.data.appError.code).toBe("too_many_attempts");
    ok(await request("one-more@example.com", "198.51.100.100")); // another client is not held
  });
});
