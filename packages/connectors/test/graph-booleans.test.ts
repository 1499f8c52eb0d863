// Meta sometimes writes a boolean as a string (`{"success": "true"}`): every verdict Sillage reads accepts both, and a
// string that is neither is refused as malformed rather than guessed. Proven against a local server answering so.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createConnectors } from "../src/registry";
import type { Channel } from "../src/types";
import { startLocalServer, type LocalServer } from "./local-server";

let answer: { status: number; body: unknown } = { status: 200, body: { success: true } };
let server: LocalServer;
let base = "";

beforeAll(async () => {
  server = await startLocalServer((_req, res) => {
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(JSON.stringify(answer.body));
  });
  base = server.base;
});
afterAll(() => server.close());
beforeEach(() => {
  answer = { status: 200, body: { success: true } };
});

const ig: Channel = { id: "ch-ig", platform: "instagram", externalId: "1784", accessToken: "tok", variant: "instagram" };
const wa: Channel = { id: "ch-wa", platform: "whatsapp", externalId: "1555", accessToken: "tok", wabaId: "waba" } as Channel;
const connectors = () => createConnectors({ graphUrl: base, instagramGraphUrl: base, instagramOauthUrl: base, graphVersion: "v25.0", timeoutMs: 2_000 });

describe("Graph booleans written as strings", () => {
  it.each([
    ["true", true],
    ["false", false],
    [true, true],
  ])("hide, unhide, delete a comment and mark a WhatsApp message read read success %j as %s", async (success, expected) => {
    answer = { status: 200, body: { success } };
    const c = connectors();
    expect((await c.instagram.hideComment(ig, "1790")).success).toBe(expected);
    expect((await c.instagram.unhideComment(ig, "1790")).success).toBe(expected);
    expect((await c.instagram.deleteComment(ig, "1790")).success).toBe(expected);
    expect((await c.whatsapp.markRead(wa, "wamid.x", false)).success).toBe(expected);
  });

  it("a subscription answered with success \"true\" counts as subscribed", async () => {
    answer = { status: 200, body: { success: "true" } };
    expect((await connectors().instagram.setupWebhook(ig)).subscribed).toBe(true);
  });

  it("refuses a success that is neither a boolean nor \"true\"/\"false\"", async () => {
    answer = { status: 200, body: { success: "yes" } };
    await expect(connectors().instagram.hideComment(ig, "1790")).rejects.toMatchObject({ kind: "malformed" });
  });

  it("an error whose is_transient is the string \"true\" is still read as Meta's error (its code classifies it)", async () => {
    answer = { status: 400, body: { error: { message: "Please reduce the amount of data", type: "OAuthException", code: 1, is_transient: "true", fbtrace_id: "Ax" } } };
    const err = await connectors().instagram.hideComment(ig, "1790").then(
      () => null,
      (e: unknown) => e as { kind: string; code?: number; fbtraceId?: string },
    );
    expect(err).toMatchObject({ kind: "retryable", code: 1, fbtraceId: "Ax" });
  });
});
