import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakeGraphApp, createFakeGraphState, createControl, startFakeGraph, type FakeGraph } from "../src/index.js";
import { call } from "./helpers.js";

let fake: FakeGraph;
beforeAll(async () => {
  fake = await startFakeGraph({ containerPollsInProgress: 0 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.control.reset();
});

function setup() {
  const ig = fake.control.createInstagramAccount();
  const container = () =>
    call(fake.url, "POST", `/v25.0/${ig.igUserId}/media`, { token: ig.token, form: { image_url: "https://cdn.example.com/a.jpg" } });
  const publish = (id: string) => call(fake.url, "POST", `/v25.0/${ig.igUserId}/media_publish`, { token: ig.token, form: { creation_id: id } });
  return { ig, container, publish };
}

describe("fault injection", () => {
  it("transient: code 2, is_transient, HTTP 500, for the next N calls only", async () => {
    const { container } = setup();
    fake.control.injectFault({ match: { operation: "instagram.container_create" }, kind: "transient", times: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await container();
      expect(r.status).toBe(500);
      expect(r.json.error).toMatchObject({ code: 2, is_transient: true });
    }
    expect((await container()).status).toBe(200);
    expect(fake.control.calls().map((c) => c.fault)).toEqual(["transient", "transient", undefined]);
  });

  it("throttle codes and HTTP statuses; permanent with any code/subcode; path regex and skip", async () => {
    const wa = fake.control.createWhatsAppAccount();
    fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: wa.phoneNumberId, from: "1555000111", text: "hi" });
    const send = () =>
      call(fake.url, "POST", `/v25.0/${wa.phoneNumberId}/messages`, {
        token: wa.token,
        json: { messaging_product: "whatsapp", to: "1555000111", type: "text", text: { body: "x" } },
      });
    fake.control.injectFault({ match: { operation: "whatsapp.send" }, kind: "throttle", code: 130429 });
    fake.control.injectFault({ match: { operation: "whatsapp.*" }, kind: "throttle" });
    fake.control.injectFault({ match: { path: "/messages$", method: "POST" }, kind: "permanent", code: 190, subcode: 463, skip: 1 });
    const a = await send();
    // As Meta's WhatsApp error bodies: the code and error_data say it, no is_transient.
    expect([a.status, a.json.error.code, "is_transient" in a.json.error, a.json.error.error_data?.details]).toEqual([400, 130429, false, expect.stringContaining("throughput")]);
    const b = await send();
    expect([b.status, b.json.error.code]).toEqual([429, 4]);
    const c = await send();
    expect(c.json.error).toMatchObject({ code: 190, error_subcode: 463 });
    expect((await send()).status).toBe(200);
  });

  it("slow delays the answer; malformed answers 200 with a body that is not JSON", async () => {
    const { ig } = setup();
    fake.control.injectFault({ match: { operation: "instagram.me" }, kind: "slow", delayMs: 150 });
    const t0 = Date.now();
    const slow = await call(fake.url, "GET", "/v25.0/me?fields=user_id", { token: ig.token });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(slow.json).toEqual({ user_id: ig.igUserId });
    fake.control.injectFault({ match: { operation: "any" }, kind: "malformed" });
    const bad = await call(fake.url, "GET", "/v25.0/me?fields=user_id", { token: ig.token });
    expect(bad.status).toBe(200);
    expect(bad.json).toBeUndefined();
  });

  it("lost_response really publishes, then destroys the socket; the container shows PUBLISHED and republishing errors", async () => {
    const { ig, container, publish } = setup();
    const id = (await container()).json.id as string;
    fake.control.injectFault({ match: { operation: "instagram.media_publish" }, kind: "lost_response" });
    await expect(publish(id)).rejects.toThrow();
    expect(fake.control.published()).toHaveLength(1);
    const st = await call(fake.url, "GET", `/v25.0/${id}?fields=status_code`, { token: ig.token });
    expect(st.json.status_code).toBe("PUBLISHED");
    expect((await publish(id)).status).toBe(400);
    expect(fake.control.published()).toHaveLength(1);

    const id2 = (await container()).json.id as string;
    fake.control.injectFault({ match: { operation: "instagram.media_publish" }, kind: "lost_response", mode: "500" });
    const r = await publish(id2);
    expect(r.status).toBe(500);
    expect(r.json.error.code).toBe(2);
    expect(fake.control.published()).toHaveLength(2);
  });

  it("works in-process through app.request() too (lost_response falls back to 500)", async () => {
    const state = createFakeGraphState({ containerPollsInProgress: 0 });
    const app = createFakeGraphApp(state);
    const control = createControl(state);
    const ig = control.createInstagramAccount();
    const c = await app.request(`/v25.0/${ig.igUserId}/media?image_url=https://x/a.jpg&access_token=${ig.token}`, { method: "POST" });
    const { id } = (await c.json()) as { id: string };
    control.injectFault({ match: { operation: "instagram.media_publish" }, kind: "lost_response" });
    const r = await app.request(`/v25.0/${ig.igUserId}/media_publish?creation_id=${id}&access_token=${ig.token}`, { method: "POST" });
    expect(r.status).toBe(500);
    expect(control.published()).toHaveLength(1);
  });
});
