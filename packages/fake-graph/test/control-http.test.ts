import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGraphClient, startFakeGraph, type FakeGraph } from "../src/index.js";
import { call } from "./helpers.js";

let fake: FakeGraph;
let client: FakeGraphClient;
beforeAll(async () => {
  fake = await startFakeGraph();
  client = new FakeGraphClient(fake.url);
});
afterAll(() => fake.close());

describe("HTTP control API", () => {
  it("FakeGraphClient drives the same operations over /_fake/*", async () => {
    await client.reset();
    const { now } = await client.setClock({ now: Date.UTC(2026, 0, 1) });
    expect(now).toBe(Date.UTC(2026, 0, 1));
    const wa = await client.createWhatsAppAccount({ windowMode: "sync", displayPhoneNumber: "+1 555 078 3881" });
    expect(wa.displayPhoneNumber).toBe("15550783881");
    const m = await client.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "16505551234", text: "hi" });
    const r = await call(fake.url, "POST", `/v22.0/${wa.phoneNumberId}/messages`, {
      token: wa.token,
      json: { messaging_product: "whatsapp", to: "16505551234", type: "text", text: { body: "yo" }, context: { message_id: m.id } },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("facebook-api-version")).toBe("v22.0");
    const sent = await client.sentMessages({ channel: "whatsapp" });
    expect(sent[0]).toMatchObject({ to: "16505551234", text: "yo", status: "read" });
    const calls = await client.calls();
    expect(calls.map((c) => c.operation)).toEqual(["whatsapp.send"]);
    const { id } = await client.injectFault({ kind: "transient", match: { operation: "any" } });
    expect(id).toBeTruthy();
    expect((await fetch(`${fake.url}/_fake/faults`)).status).toBe(200);
  });

  it("rejects invalid input with a 400 and zod issues", async () => {
    await client.clearFaults();
    const res = await fetch(`${fake.url}/_fake/injectFault`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"kind":"nope"}' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { type: string; issues: unknown[] } };
    expect(body.error.type).toBe("FakeGraphControlError");
    expect(body.error.issues.length).toBeGreaterThan(0);
    await expect(client.createInstagramAccount({ variant: "bogus" as "instagram" })).rejects.toThrow(/invalid input/);
    const unknown = await call(fake.url, "GET", "/v25.0/123/nothing_here", { token: "x" });
    expect(unknown.json.error.code).toBe(190);
  });
});
