import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createConnectors } from "../src/registry";
import type { Channel } from "../src/types";
import { signBody, verifyHandshake, verifySignature } from "../src/webhooks/signature";

const secret = "app-secret";
// Meta's own serialisation: escaped non-ASCII and slashes, IG's spaced separators. Never re-stringified.
const raw = Buffer.from(
  '{"entry": [{"id": "1784", "time": 1776339591, "changes": [{"value": {"text": "caf\\u00e9 \\/ ok"}, "field": "comments"}]}], "object": "instagram"}',
  "utf8",
);
const sig = `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;

describe("webhook signature", () => {
  it("accepts a valid signature over the exact raw bytes", () => {
    expect(verifySignature(raw, { "X-Hub-Signature-256": sig }, secret)).toEqual({ ok: true });
    expect(verifySignature(raw.toString("utf8"), new Headers({ "x-hub-signature-256": sig }), secret)).toEqual({ ok: true });
    expect(signBody(raw, secret)).toBe(sig);
  });

  it("rejects a re-serialised body (same JSON, different bytes)", () => {
    const reserialised = JSON.stringify(JSON.parse(raw.toString("utf8")));
    expect(verifySignature(reserialised, { "x-hub-signature-256": sig }, secret)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("rejects a tampered body", () => {
    const tampered = Buffer.from(raw);
    tampered[tampered.length - 3] = 0x41;
    expect(verifySignature(tampered, { "x-hub-signature-256": sig }, secret)).toEqual({ ok: false, reason: "mismatch" });
  });

  it("rejects the wrong secret", () => {
    expect(verifySignature(raw, { "x-hub-signature-256": sig }, "other")).toEqual({ ok: false, reason: "mismatch" });
  });

  it("rejects a missing header, a sha1-only header, and bad formats", () => {
    expect(verifySignature(raw, {}, secret)).toEqual({ ok: false, reason: "missing_header" });
    const sha1 = `sha1=${createHmac("sha1", secret).update(raw).digest("hex")}`;
    expect(verifySignature(raw, { "x-hub-signature": sha1 }, secret)).toEqual({ ok: false, reason: "sha1_only" });
    expect(verifySignature(raw, { "x-hub-signature-256": sig.slice(7) }, secret)).toEqual({ ok: false, reason: "bad_format" });
    expect(verifySignature(raw, { "x-hub-signature-256": "sha256=abc" }, secret)).toEqual({ ok: false, reason: "bad_format" });
    expect(verifySignature(raw, { "x-hub-signature-256": sig }, "")).toEqual({ ok: false, reason: "no_secret" });
  });

  it("picks the right secret per channel", () => {
    const c = createConnectors({
      graphUrl: "http://x",
      instagramGraphUrl: "http://x",
      instagramOauthUrl: "http://x",
      graphVersion: "v25.0",
      timeoutMs: 1000,
      appSecret: "meta",
      instagramAppSecret: "insta",
    });
    const ig: Channel = { id: "c1", platform: "instagram", externalId: "1784", accessToken: "t", variant: "instagram" };
    const body = "{}";
    expect(c.instagram.verifySignature(body, { "x-hub-signature-256": signBody(body, "insta") }, ig).ok).toBe(true);
    expect(c.instagram.verifySignature(body, { "x-hub-signature-256": signBody(body, "meta") }, ig).ok).toBe(false);
    expect(c.instagram.verifySignature(body, { "x-hub-signature-256": signBody(body, "meta") }, { ...ig, variant: "facebook" }).ok).toBe(true);
    expect(c.whatsapp.verifySignature(body, { "x-hub-signature-256": signBody(body, "meta") }, { ...ig, platform: "whatsapp" }).ok).toBe(true);
    expect(c.whatsapp.verifySignature(body, { "x-hub-signature-256": signBody(body, "own") }, { ...ig, webhookSecret: "own" }).ok).toBe(true);
  });
});

describe("webhook handshake", () => {
  it("echoes the challenge for the right token only", () => {
    const q = new URLSearchParams({ "hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": "tok" });
    expect(verifyHandshake(q, "tok")).toEqual({ ok: true, status: 200, body: "1158201444" });
    expect(verifyHandshake(q, "other").status).toBe(403);
    expect(verifyHandshake({ "hub.mode": "unsubscribe", "hub.challenge": "1", "hub.verify_token": "tok" }, "tok").status).toBe(403);
    expect(verifyHandshake({ "hub.mode": "subscribe", "hub.challenge": "1" }, "tok").status).toBe(403);
  });
});
