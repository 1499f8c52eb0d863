import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, TEST_SECRETS, tokenClient, type TestServer } from "./harness";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("logs", () => {
  it("carry request ids and never contain passwords, tokens, cookies or secrets", async () => {
    const password = "my very secret passphrase";
    const owner = await ApiSession.signup(server.url, { email: "logs@example.com", password });
    await new ApiSession(server.url).mutation("auth.login", { email: "logs@example.com", password: "wrong but secret 42" });
    await new ApiSession(server.url).mutation("auth.login", { email: "logs@example.com", password });
    const { token, client } = await tokenClient(server, owner);
    await client.workspace.get.query();
    const inv = ok<{ token: string }>(await owner.mutation("workspace.invite", { role: "agent" }));
    // A platform token pasted to connect a channel, once accepted and once refused.
    const wa = server.fake.control.createWhatsAppAccount({});
    ok(await owner.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token }));
    const badToken = "EAAG-refused-token-must-not-be-logged";
    await owner.mutation("channels.connectWhatsApp", { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: badToken });
    // A webhook with a valid signature and one with a wrong one.
    const body = JSON.stringify({ object: "whatsapp_business_account", entry: [] });
    const sig = `sha256=${createHmac("sha256", TEST_SECRETS.metaAppSecret).update(body).digest("hex")}`;
    await fetch(`${server.url}/webhooks/whatsapp`, { method: "POST", headers: { "x-hub-signature-256": sig }, body });
    await fetch(`${server.url}/webhooks/whatsapp`, { method: "POST", headers: { "x-hub-signature-256": "sha256=00" }, body });
    await fetch(`${server.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${TEST_SECRETS.verifyToken}&hub.challenge=1`);
    // An internal error path logs the error, not the input.
    await fetch(`${server.url}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: "{not json" });

    const all = server.logs.join("\n");
    expect(server.logs.length).toBeGreaterThan(10);
    for (const secret of [password, "wrong but secret 42", token, inv.token, wa.token, badToken, owner.cookie.split("=")[1]!, TEST_SECRETS.metaAppSecret, TEST_SECRETS.instagramAppSecret, TEST_SECRETS.verifyToken]) {
      expect(all).not.toContain(secret);
    }
    const requests = server.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "request");
    expect(requests.every((l) => typeof l.requestId === "string")).toBe(true);
  });
});
