import { createHmac, timingSafeEqual } from "node:crypto";
import type { Database } from "@sillage/db";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./request-context";

export interface WebhookSecrets {
  verifyToken?: string;
  /** Meta app secret: WhatsApp and Facebook-login Instagram. */
  metaAppSecret?: string;
  /** Instagram app secret: Instagram-login accounts sign with this one. */
  instagramAppSecret?: string;
}

const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function verifySignature(raw: Uint8Array, header: string | undefined, secrets: (string | undefined)[]): boolean {
  if (!header?.startsWith("sha256=")) return false;
  const given = Buffer.from(header.slice(7), "hex");
  if (given.length !== 32) return false;
  return secrets.some((secret) => {
    if (!secret) return false;
    const expected = createHmac("sha256", secret).update(raw).digest();
    return timingSafeEqual(expected, given);
  });
}

/**
 * Meta's webhook endpoints. The GET handshake echoes hub.challenge; a POST is verified over its exact raw bytes,
 * stored durably, and acknowledged only after the commit (processing happens in jobs).
 */
export function webhookRoutes(deps: { db: Database; secrets: WebhookSecrets }) {
  const app = new Hono<AppEnv>();
  for (const platform of ["whatsapp", "instagram"] as const) {
    app.get(`/webhooks/${platform}`, (c) => {
      const mode = c.req.query("hub.mode");
      const token = c.req.query("hub.verify_token");
      const challenge = c.req.query("hub.challenge") ?? "";
      const expected = deps.secrets.verifyToken;
      const ok =
        mode === "subscribe" && !!expected && !!token && token.length === expected.length &&
        timingSafeEqual(Buffer.from(token), Buffer.from(expected));
      return ok ? c.text(challenge, 200) : c.text("Forbidden", 403);
    });
    app.post(
      `/webhooks/${platform}`,
      bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: "payload_too_large" }, 413) }),
      async (c) => {
        const raw = new Uint8Array(await c.req.arrayBuffer());
        const secrets =
          platform === "whatsapp" ? [deps.secrets.metaAppSecret] : [deps.secrets.instagramAppSecret, deps.secrets.metaAppSecret];
        if (!verifySignature(raw, c.req.header("x-hub-signature-256"), secrets)) {
          c.get("logger").warn({ platform, bytes: raw.length }, "webhook signature missing or invalid");
          return c.json({ error: "invalid_signature" }, 401);
        }
        try {
          JSON.parse(Buffer.from(raw).toString("utf8"));
        } catch {
          return c.json({ error: "invalid_json" }, 400);
        }
        const row = await deps.db
          .insertInto("webhook_deliveries")
          .values({ platform, raw_body: Buffer.from(raw), headers: JSON.stringify({ "x-hub-signature-256": c.req.header("x-hub-signature-256") }) })
          .returning("id")
          .executeTakeFirstOrThrow();
        return c.json({ ok: true, id: row.id }, 200);
      },
    );
  }
  return app;
}
