/**
 * The gate as procedures use it (issue 19): over a plan's limit the API answers FORBIDDEN with
 * `data.appError` = `billing_limit_reached` and its parameters; changing plan (`changePlan`, the CLI's seam) lifts it.
 */
import { changePlan } from "@sillage/billing";
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
