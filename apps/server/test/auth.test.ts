import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LOGIN_POLICY, reserveLoginAttempt } from "@sillage/accounts";
import { ApiSession, ok, startTestServer, tokenClient, type TestServer } from "./harness";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ trustProxy: true });
});
afterAll(() => server.close());

describe("signup and login", () => {
  it("creates an account with its own workspace and a session cookie", async () => {
    const b = new ApiSession(server.url);
    const res = await fetch(`${server.url}/trpc/auth.signup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ json: { email: "Ana@Example.com", name: "Ana", password: "correct horse battery", workspaceName: "Boutique Ana" } }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("sillage_session="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    b.cookie = cookie.split(";")[0]!;
    const me = ok<{ user: { email: string }; workspaces: { name: string; role: string; timeZone: string; locale: string }[] }>(await b.query("auth.me"));
    expect(me.user.email).toBe("ana@example.com");
    expect(me.workspaces).toEqual([expect.objectContaining({ name: "Boutique Ana", role: "owner", timeZone: "Europe/Paris", locale: "fr" })]);
    const row = await server.db.db.selectFrom("users").select("password_hash").where("email", "=", "ana@example.com").executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$/);
  });

  it("gives the new workspace the browser's time zone, and the default when the zone is unusable", async () => {
    const zoneOf = async (email: string, timeZone: unknown) => {
      const b = new ApiSession(server.url);
      ok(await b.mutation("auth.signup", { email, name: "Zed", password: "correct horse battery", timeZone }));
      const me = ok<{ workspaces: { timeZone: string }[] }>(await b.query("auth.me"));
      return me.workspaces[0]!.timeZone;
    };
    expect(await zoneOf("ny@example.com", "America/New_York")).toBe("America/New_York");
    expect(await zoneOf("unknown-zone@example.com", "Etc/Unknown")).toBe("Europe/Paris");
    expect(await zoneOf("not-a-zone@example.com", 42)).toBe("Europe/Paris");
  });

  it("refuses a duplicate email and reports field errors for bad input", async () => {
    const dup = await new ApiSession(server.url).mutation("auth.signup", { email: "ana@example.com", name: "X", password: "another long password" });
    expect(dup).toMatchObject({ ok: false, code: "CONFLICT" });
    const bad = await new ApiSession(server.url).mutation("auth.signup", { email: "not-an-email", name: "", password: "short" });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.code).toBe("BAD_REQUEST");
    expect(Object.keys(bad.data.fieldErrors as object).sort()).toEqual(["email", "name", "password"]);
  });

  it("gives one generic error for a wrong password and for an unknown account", async () => {
    const wrong = await new ApiSession(server.url).mutation("auth.login", { email: "ana@example.com", password: "wrong password!" });
    const unknown = await new ApiSession(server.url).mutation("auth.login", { email: "nobody@example.com", password: "whatever123" });
    expect(wrong).toMatchObject({ ok: false, code: "UNAUTHORIZED", message: "Invalid email or password" });
    expect(unknown).toMatchObject({ ok: false, code: "UNAUTHORIZED", message: "Invalid email or password" });
  });

  it("counts parallel guesses: a batch of forty logins gets at most five password checks", async () => {
    await ApiSession.signup(server.url, { email: "batched@example.com" });
    const n = 40;
    const body = Object.fromEntries(
      Array.from({ length: n }, (_, i) => [i, { json: { email: "batched@example.com", password: i === n - 1 ? "correct horse battery" : `guess number ${i}` } }]),
    );
    const res = await fetch(`${server.url}/trpc/${Array(n).fill("auth.login").join(",")}?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const results = (await res.json()) as { error?: { json: { data: { code: string } } } }[];
    const codes = results.map((r) => r.error?.json.data.code ?? "OK");
    expect(codes).toHaveLength(n);
    expect(codes.filter((c) => c !== "TOO_MANY_REQUESTS")).toHaveLength(5);
  });

  it("logs out by revoking the session server-side", async () => {
    const b = await ApiSession.signup(server.url, { email: "leaving@example.com" });
    const stolen = b.cookie;
    ok(await b.mutation("auth.logout"));
    const thief = new ApiSession(server.url);
    thief.cookie = stolen;
    expect(ok(await thief.query("auth.me"))).toBeNull();
  });
});

describe("login throttling", () => {
  const PASSWORD = "correct horse battery";
  /** One login from a client address (the test server trusts X-Forwarded-For). */
  const login = (email: string, password: string, ip: string) => new ApiSession(server.url).mutation("auth.login", { email, password }, { "x-forwarded-for": ip });
  const signupFrom = (email: string, ip: string) =>
    new ApiSession(server.url).mutation("auth.signup", { email, name: "Owner", password: PASSWORD, workspaceName: email }, { "x-forwarded-for": ip }).then(ok);
  // Time stands still unless a test moves it: waits are exact, however slow the machine.
  beforeEach(() => server.clock.freeze());
  afterEach(() => server.clock.set(new Date()));

  it("an address failing on an account does not lock the owner out from another address", async () => {
    await signupFrom("owner-locked@example.com", "198.51.100.1");
    for (let i = 0; i < 8; i++) await login("owner-locked@example.com", `attacker guess ${i}`, "203.0.113.66");
    expect(await login("owner-locked@example.com", PASSWORD, "203.0.113.66")).toMatchObject({ ok: false, code: "TOO_MANY_REQUESTS" });
    // The owner, from an address that has not been failing (here not even one seen before), signs in.
    expect(await login("owner-locked@example.com", PASSWORD, "192.0.2.44")).toMatchObject({ ok: true });
    expect(await login("owner-locked@example.com", PASSWORD, "198.51.100.1")).toMatchObject({ ok: true });
  });

  it("makes the failing address wait longer after each failure, saying how long, and forgets after a success", async () => {
    await signupFrom("slowed@example.com", "198.51.100.2");
    const ip = "203.0.113.7";
    for (let i = 0; i < 5; i++) expect(await login("slowed@example.com", `bad password ${i}`, ip)).toMatchObject({ code: "UNAUTHORIZED" });
    for (const seconds of [1, 2, 4, 8, 16]) {
      const early = await login("slowed@example.com", "bad password again", ip);
      expect(early).toMatchObject({ ok: false, code: "TOO_MANY_REQUESTS", data: { retryAfterSeconds: seconds } });
      if (!early.ok) expect(early.data.appError).toEqual({ code: "too_many_attempts", params: { seconds } });
      server.clock.advance(seconds * 1000 - 1);
      expect(await login("slowed@example.com", "bad password again", ip)).toMatchObject({ code: "TOO_MANY_REQUESTS", data: { retryAfterSeconds: 1 } });
      server.clock.advance(1);
      expect(await login("slowed@example.com", "bad password again", ip)).toMatchObject({ code: "UNAUTHORIZED" });
    }
    // The standard header carries the same wait.
    const res = await fetch(`${server.url}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": ip },
      body: JSON.stringify({ json: { email: "slowed@example.com", password: PASSWORD } }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("32");
    server.clock.advance(32_000);
    expect(await login("slowed@example.com", PASSWORD, ip)).toMatchObject({ ok: true });
    // The success starts the count again: five free failures.
    for (let i = 0; i < 5; i++) expect(await login("slowed@example.com", `typo ${i}`, ip)).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await login("slowed@example.com", PASSWORD, ip)).toMatchObject({ code: "TOO_MANY_REQUESTS", data: { retryAfterSeconds: 1 } });
  });

  it("stops a guess spread over many addresses at the per-account ceiling, except from addresses the owner signed in from", async () => {
    await signupFrom("targeted@example.com", "198.51.100.3");
    // Addresses of 4 guesses each: none reaches its own limit, together they reach the account's ceiling of 100.
    // All but the last address reserve their failures directly (the password check adds only time), the last over HTTP.
    const perAddress = 4;
    const addresses = LOGIN_POLICY.accountCeiling / perAddress;
    expect(perAddress).toBeLessThan(LOGIN_POLICY.freeFailures);
    for (let a = 0; a < addresses - 1; a++) {
      for (let n = 0; n < perAddress; n++) expect(await reserveLoginAttempt(server.db.db, "targeted@example.com", `203.0.113.${a}`, server.clock.now())).toMatchObject({ ok: true });
    }
    for (let n = 0; n < perAddress; n++) expect(await login("targeted@example.com", `guess ${n}`, "203.0.113.199")).toMatchObject({ code: "UNAUTHORIZED" });
    const next = await login("targeted@example.com", "guess from a fresh address", "203.0.113.200");
    expect(next).toMatchObject({ ok: false, code: "TOO_MANY_REQUESTS" });
    if (!next.ok) expect(next.data.retryAfterSeconds).toBeGreaterThan(3500);
    // A new address is refused even with the right password while the ceiling holds; the owner's known one is not.
    expect(await login("targeted@example.com", PASSWORD, "192.0.2.99")).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await login("targeted@example.com", PASSWORD, "198.51.100.3")).toMatchObject({ ok: true });
    // Other accounts are untouched, and the ceiling lifts once the failures leave its hour.
    await signupFrom("bystander@example.com", "198.51.100.4");
    expect(await login("bystander@example.com", PASSWORD, "192.0.2.99")).toMatchObject({ ok: true });
    server.clock.advance(LOGIN_POLICY.accountWindowMs + 1000);
    expect(await login("targeted@example.com", PASSWORD, "192.0.2.99")).toMatchObject({ ok: true });
  });

  it("stops one address trying many accounts at its ceiling of 30 failures", async () => {
    const ip = "203.0.113.250";
    for (let i = 0; i < LOGIN_POLICY.addressCeiling - 2; i++) expect(await reserveLoginAttempt(server.db.db, `sprayed-${i}@example.com`, ip, server.clock.now())).toMatchObject({ ok: true });
    for (const i of [28, 29]) expect(await login(`sprayed-${i}@example.com`, "Summer2026!", ip)).toMatchObject({ code: "UNAUTHORIZED" });
    const refused = await login("sprayed-30@example.com", "Summer2026!", ip);
    expect(refused).toMatchObject({ ok: false, code: "TOO_MANY_REQUESTS" });
    if (!refused.ok) expect(refused.data.retryAfterSeconds).toBeGreaterThan(800);
    expect(await login("sprayed-30@example.com", "Summer2026!", "203.0.113.251")).toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("CSRF", () => {
  it("refuses a cookie-authenticated mutation from another origin or with no origin", async () => {
    const b = await ApiSession.signup(server.url, { email: "csrf@example.com" });
    const evil = new ApiSession(server.url, "https://evil.example");
    evil.cookie = b.cookie;
    evil.workspaceId = b.workspaceId;
    expect(await evil.mutation("workspace.update", { name: "pwned" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    const res = await fetch(`${server.url}/trpc/workspace.update`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: b.cookie, "x-sillage-workspace": b.workspaceId! },
      body: JSON.stringify({ json: { name: "pwned" } }),
    });
    expect(res.status).toBe(403);
    expect(ok<{ name: string }>(await b.query("workspace.get")).name).not.toBe("pwned");
  });
});

describe("request size", () => {
  it("answers 413 to a tRPC body larger than the largest upload", async () => {
    const res = await fetch(`${server.url}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(70 * 1_048_576) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: "payload_too_large" });
  });
});

describe("invitations and roles", () => {
  it("invites by link, joins with the invited role, and agents cannot manage", async () => {
    const owner = await ApiSession.signup(server.url, { email: "owner@example.com", workspaceName: "Shop" });
    const inv = ok<{ url: string; token: string }>(await owner.mutation("workspace.invite", { role: "agent" }));
    expect(inv.url).toContain(`/invite/${inv.token}`);
    // The invitation page reads the link's worth as it opens, without a session and without spending it.
    const visitor = new ApiSession(server.url);
    expect(ok(await visitor.query("auth.invitationLink", { token: inv.token }))).toEqual({ state: "valid" });
    expect(ok(await visitor.query("auth.invitationLink", { token: "inv_not-a-token-we-issued" }))).toEqual({ state: "invalid" });
    const agent = new ApiSession(server.url);
    ok(await agent.mutation("auth.signup", { email: "agent@example.com", name: "Agent", password: "agent password 1", invitationToken: inv.token }));
    const me = ok<{ workspaces: { id: string; role: string }[] }>(await agent.query("auth.me"));
    expect(me.workspaces).toEqual([expect.objectContaining({ id: owner.workspaceId, role: "agent" })]);
    agent.workspaceId = owner.workspaceId;
    expect(await agent.mutation("workspace.update", { name: "Mine" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await agent.mutation("workspace.invite", { role: "admin" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    // The link is single use.
    const again = await new ApiSession(server.url).mutation("auth.signup", { email: "late@example.com", name: "L", password: "late password 1", invitationToken: inv.token });
    expect(again).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(ok(await visitor.query("auth.invitationLink", { token: inv.token }))).toEqual({ state: "invalid" });
    const members = ok<{ members: { email: string; role: string }[] }>(await owner.query("workspace.members"));
    expect(members.members.map((m) => [m.email, m.role]).sort()).toEqual([["agent@example.com", "agent"], ["owner@example.com", "owner"]]);
    const agentId = (await server.db.db.selectFrom("users").select("id").where("email", "=", "agent@example.com").executeTakeFirstOrThrow()).id;
    ok(await owner.mutation("workspace.removeMember", { userId: agentId }));
    expect(await agent.query("workspace.get")).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("keeps at least one owner", async () => {
    const owner = await ApiSession.signup(server.url, { email: "solo@example.com" });
    const me = ok<{ user: { id: string } }>(await owner.query("auth.me"));
    expect(await owner.mutation("workspace.removeMember", { userId: me.user.id })).toMatchObject({ ok: false, code: "BAD_REQUEST" });
  });

  /** A second person joins `owner`'s workspace through an invitation link. */
  async function join(owner: ApiSession, email: string, role: "admin" | "agent") {
    const inv = ok<{ token: string }>(await owner.mutation("workspace.invite", { role }));
    const browser = new ApiSession(server.url);
    ok(await browser.mutation("auth.signup", { email, name: email.split("@")[0]!, password: `${email} password`, invitationToken: inv.token }));
    browser.workspaceId = owner.workspaceId;
    const { id } = await server.db.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    return { browser, userId: id };
  }

  it("keeps one owner when two owners remove each other at the same moment", async () => {
    const a = await ApiSession.signup(server.url, { email: "owner-a@example.com", workspaceName: "Duel" });
    const idA = ok<{ user: { id: string } }>(await a.query("auth.me")).user.id;
    const { browser: b, userId: idB } = await join(a, "owner-b@example.com", "admin");
    // There is no promotion to owner in the product yet: made an owner directly.
    await server.db.db.updateTable("memberships").set({ role: "owner" }).where("user_id", "=", idB).execute();
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([a.mutation("workspace.removeMember", { userId: idB }), b.mutation("workspace.removeMember", { userId: idA })]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const owners = await server.db.db.selectFrom("memberships").select("user_id").where("workspace_id", "=", a.workspaceId!).where("role", "=", "owner").execute();
      expect(owners).toHaveLength(1);
      // Put the removed owner back for the next round.
      const removed = owners[0]!.user_id === idA ? idB : idA;
      await server.db.db.insertInto("memberships").values({ workspace_id: a.workspaceId!, user_id: removed, role: "owner" }).execute();
    }
  });

  it("a removed member's API tokens and open invitation links stop working", async () => {
    const owner = await ApiSession.signup(server.url, { email: "boss@example.com", workspaceName: "Boss" });
    const { browser: admin, userId: leaverId } = await join(owner, "leaver@example.com", "admin");
    const { client } = await tokenClient(server, admin, "leaver's tool");
    const backdoor = ok<{ token: string }>(await admin.mutation("workspace.invite", { role: "admin" }));
    expect((await client.workspace.get.query()).name).toBe("Boss");
    ok(await owner.mutation("workspace.removeMember", { userId: leaverId }));
    await expect(client.workspace.get.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    expect(await admin.mutation("workspace.acceptInvitation", { token: backdoor.token })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await admin.query("workspace.get")).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("an invitation addressed to someone can be accepted only by that address", async () => {
    const owner = await ApiSession.signup(server.url, { email: "addressed@example.com" });
    const inv = ok<{ token: string }>(await owner.mutation("workspace.invite", { role: "agent", email: "Chloe@Example.com" }));
    const stranger = await new ApiSession(server.url).mutation("auth.signup", { email: "stranger@example.com", name: "S", password: "stranger password", invitationToken: inv.token });
    expect(stranger).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await server.db.db.selectFrom("users").select("id").where("email", "=", "stranger@example.com").execute()).toEqual([]);
    const chloe = new ApiSession(server.url);
    ok(await chloe.mutation("auth.signup", { email: "chloe@example.com", name: "Chloé", password: "chloe password 1", invitationToken: inv.token }));
    const me = ok<{ workspaces: { id: string; role: string }[] }>(await chloe.query("auth.me"));
    expect(me.workspaces).toEqual([expect.objectContaining({ id: owner.workspaceId, role: "agent" })]);
  });
});

describe("API tokens", () => {
  it("shows the token once, stores only its hash, authenticates tools by Bearer and stops when revoked", async () => {
    const owner = await ApiSession.signup(server.url, { email: "tools@example.com", workspaceName: "Tools Inc" });
    const { token, client } = await tokenClient(server, owner, "reporting");
    expect(token).toMatch(/^sil_/);
    const stored = await server.db.db.selectFrom("api_tokens").selectAll().where("workspace_id", "=", owner.workspaceId!).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token);
    const listed = ok<{ prefix: string; name: string }[]>(await owner.query("apiTokens.list"));
    expect(listed).toEqual([expect.objectContaining({ name: "reporting", prefix: token.slice(0, 10) })]);
    expect(JSON.stringify(listed)).not.toContain(token);

    const ws = await client.workspace.get.query();
    expect(ws.name).toBe("Tools Inc");
    await client.workspace.update.mutate({ timeZone: "America/New_York" });
    expect((await client.workspace.get.query()).timeZone).toBe("America/New_York");

    ok(await owner.mutation("apiTokens.revoke", { id: stored.id }));
    await expect(client.workspace.get.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
  });

  it("rejects invalid settings with a field error", async () => {
    const owner = await ApiSession.signup(server.url, { email: "tz@example.com" });
    const bad = await owner.mutation("workspace.update", { timeZone: "Mars/Olympus" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.data.fieldErrors).toMatchObject({ timeZone: [expect.stringContaining("Unknown time zone")] });
  });
});
