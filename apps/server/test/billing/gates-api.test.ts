/**
 * The gate as procedures use it (issue 19): over a plan's limit the API answers FORBIDDEN with
 * `data.appError` = `billing_limit_reached` and its parameters; changing plan (`changePlan`, the CLI's seam) lifts it.
 */
import { assertAllowed, changePlan } from "@sillage/billing";
import { sql, withWorkspace } from "@sillage/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer } from "../harness";

let server: TestServer;
let owner: ApiSession;
beforeAll(async () => {
  server = await startTestServer();
  owner = await ApiSession.signup(server.url, { email: "gates@example.com", workspaceName: "Gates" });
  await changePlan(server.db.db, { workspaceId: owner.workspaceId!, plan: "free", by: "test" }, server.clock);
});
afterAll(() => server.close());

describe("plan limits through the API", () => {
  it("channels: the free plan's second channel is refused with the limit, then allowed on pro", async () => {
    const connect = () => {
      const wa = server.fake.control.createWhatsAppAccount({});
      return owner.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token });
    };
    ok(await connect());
    const refused = await connect();
    expect(refused).toMatchObject({ ok: false, code: "FORBIDDEN", data: { appError: { code: "billing_limit_reached", params: { feature: "channels", limit: 1, used: 1, plan: "free", upgradeTo: "pro" } } } });
    expect(await owner.mutation("channels.oauthStart")).toMatchObject({ ok: false, code: "FORBIDDEN" });
    await changePlan(server.db.db, { workspaceId: owner.workspaceId!, plan: "pro", by: "test" }, server.clock);
    ok(await connect());
    const plan = ok<{ plan: string; usage: { channels: number } }>(await owner.query("billing.plan"));
    expect(plan).toMatchObject({ plan: "pro", usage: { channels: 2 } });
    await changePlan(server.db.db, { workspaceId: owner.workspaceId!, plan: "free", by: "test" }, server.clock);
  });

  it("members: invitations count, the third seat is refused on free", async () => {
    ok(await owner.mutation("workspace.invite", { role: "agent" }));
    expect(await owner.mutation("workspace.invite", { role: "agent" })).toMatchObject({ ok: false, code: "FORBIDDEN", data: { appError: { code: "billing_limit_reached", params: { feature: "members", limit: 2 } } } });
  });

  it("knowledge: a document over the free plan's size is refused", async () => {
    const res = await owner.mutation("knowledge.add", { title: "Big", text: "Horaires du magasin. ".repeat(10_500) });
    expect(res).toMatchObject({ ok: false, code: "FORBIDDEN", data: { appError: { code: "billing_limit_reached", params: { feature: "knowledge", limit: 200_000 } } } });
  });

  it("credits: the balance and the ledger page by cursor", async () => {
    const first = ok<{ balance: number; items: { kind: string }[]; nextCursor: string | null }>(await owner.query("billing.credits", { limit: 1 }));
    expect(first.balance).toBeGreaterThan(0);
    expect(first.items.map((i) => i.kind)).toEqual(["grant"]);
    const usage = ok<{ days: { day: string }[] }>(await owner.query("billing.usage"));
    expect(usage.days.length).toBeGreaterThanOrEqual(28);
  });
});

describe("connecting a channel: Meta is called outside the gate's transaction", () => {
  const waAccount = () => {
    const wa = server.fake.control.createWhatsAppAccount({});
    return { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token };
  };

  const connections = [
    { procedure: "channels.connectWhatsApp", tokenCheck: "whatsapp.phone_number", input: waAccount },
    { procedure: "channels.connectInstagram", tokenCheck: "instagram.me", input: () => ({ accessToken: server.fake.control.createInstagramAccount({ variant: "instagram" }).token }) },
  ];
  it.each(connections)("$procedure: while Meta is slow to answer, the channel gate is free and another addition does not wait", async ({ procedure, tokenCheck, input }) => {
    const ws = owner.workspaceId!;
    await changePlan(server.db.db, { workspaceId: ws, plan: "pro", by: "test" }, server.clock);
    const slow = server.fake.control.injectFault({ kind: "slow", delayMs: 3000, match: { operation: tokenCheck } });
    let settled = false;
    const connecting = owner.mutation(procedure, input()).finally(() => (settled = true));
    // The token check is in flight once the fake has taken the fault.
    await expect.poll(() => server.fake.control.faults().find((f) => f.id === slow.id)?.applied, { timeout: 5000, interval: 20 }).toBe(1);
    // The gate as any procedure runs it; on a lock held by the connection it would wait, and lock_timeout ends that.
    await withWorkspace(server.db.db, ws, async (trx) => {
      await sql`set local lock_timeout = '1000ms'`.execute(trx);
      await assertAllowed(trx, ws, "channels", 1, server.clock);
    });
    expect(settled).toBe(false);
    ok(await connecting);
    await changePlan(server.db.db, { workspaceId: ws, plan: "free", by: "test" }, server.clock);
  });

  it("two connections racing for the last slot: the gate in the saving transaction lets exactly one through", async () => {
    const ws = owner.workspaceId!;
    await changePlan(server.db.db, { workspaceId: ws, plan: "pro", by: "test" }, server.clock);
    const { usage } = ok<{ usage: { channels: number } }>(await owner.query("billing.plan"));
    // Fill up to one slot short of pro's 5.
    for (let i = usage.channels; i < 4; i++) ok(await owner.mutation("channels.connectWhatsApp", waAccount()));
    // The token checks overlap: both connections see the free slot before calling Meta.
    server.fake.control.injectFault({ kind: "slow", delayMs: 500, times: 2, match: { operation: "whatsapp.phone_number" } });
    const results = await Promise.all([owner.mutation("channels.connectWhatsApp", waAccount()), owner.mutation("channels.connectWhatsApp", waAccount())]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ code: "FORBIDDEN", data: { appError: { code: "billing_limit_reached", params: { feature: "channels", limit: 5, used: 5 } } } });
    expect(ok<{ usage: { channels: number } }>(await owner.query("billing.plan")).usage.channels).toBe(5);
    await changePlan(server.db.db, { workspaceId: ws, plan: "free", by: "test" }, server.clock);
  });
});
