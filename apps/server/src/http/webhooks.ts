import { timingSafeEqual } from "node:crypto";
import { verifySignature, type SignatureResult } from "@sillage/connectors";
import { instagramVariantOf } from "@sillage/channels";
import type { Database } from "@sillage/db";
import { DeliveryWriter } from "@sillage/inbox";
import { webhookVerdicts } from "@sillage/observability";
import { Hono } from "hono";
import { limitBody } from "./body-limit";
import type { AppEnv } from "./request-context";

export interface WebhookSecrets {
  verifyToken?: string;
  /** Meta app secret: WhatsApp and Facebook-login Instagram. */
  metaAppSecret?: string;
  /** Instagram app secret: Instagram-login accounts sign with this one. */
  instagramAppSecret?: string;
}

const MAX_BODY_BYTES = 3 * 1024 * 1024;
const VARIANT_CACHE_MS = 30_000;

type SecretName = "meta" | "instagram";

/**
 * Which app secret signs an Instagram delivery depends on how the account was connected (Instagram Login → the
 * Instagram app secret; Facebook Login → the Meta app secret), which only the body says (`entry[].id`). So: check
 * the signature against both secrets (constant time each), then parse and require that every entry naming a known
 * account was signed with THAT account's secret. Entries of unknown accounts are kept as unknown events.
 */
class InstagramVariants {
  private cache = new Map<string, { variant: string | null; at: number }>();
  constructor(private readonly db: Database) {}

  async secretFor(accountId: string): Promise<SecretName | null> {
    const hit = this.cache.get(accountId);
    let variant: string | null;
    if (hit && Date.now() - hit.at < VARIANT_CACHE_MS) variant = hit.variant;
    else {
      variant = await instagramVariantOf(this.db, accountId);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(accountId, { variant, at: Date.now() });
    }
    if (variant === null) return null;
    return variant === "facebook" ? "meta" : "instagram";
  }
}

function entryIds(body: unknown): string[] {
  const entries = (body as { entry?: unknown } | null)?.entry;
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((e) => {
    const id = (e as { id?: unknown } | null)?.id;
    return typeof id === "string" || typeof id === "number" ? [String(id)] : [];
  });
}

/**
 * Meta's webhook endpoints. GET: the verification handshake. POST: verified over the exact raw bytes with the
 * product's secret, stored durably with its processing job (one statement), and answered 200 only after that
 * commit. Rejections are logged with the reason only: never the body, never a secret.
 */
export function webhookRoutes(deps: { db: Database; secrets: WebhookSecrets }) {
  const app = new Hono<AppEnv>();
  const variants = new InstagramVariants(deps.db);
  // Group commit: concurrent deliveries share a commit; each request still waits for the one that holds it.
  const writer = new DeliveryWriter(deps.db);
  for (const platform of ["whatsapp", "instagram"] as const) {
    app.get(`/webhooks/${platform}`, (c) => {
      const mode = c.req.query("hub.mode");
      const token = c.req.query("hub.verify_token");
      const challenge = c.req.query("hub.challenge") ?? "";
      const expected = deps.secrets.verifyToken;
      const ok =
        mode === "subscribe" &&
        !!expected &&
        !!token &&
        token.length === expected.length &&
        timingSafeEqual(Buffer.from(token), Buffer.from(expected));
      if (!ok) c.get("logger").warn({ platform }, "webhook handshake refused");
      if (!ok) return c.json({ error: "verification_refused" }, 403);
      // Meta always sends a challenge to echo: a 200 with nothing in it would tell a caller it verified something.
      if (!challenge) return c.json({ error: "missing_challenge" }, 400);
      return c.text(challenge, 200);
    });
    app.post(
      `/webhooks/${platform}`,
      limitBody(MAX_BODY_BYTES, {}, () => webhookVerdicts.inc({ platform, verdict: "too_large" })),
      async (c) => {
        const raw = new Uint8Array(await c.req.arrayBuffer());
        const headers = { "x-hub-signature-256": c.req.header("x-hub-signature-256"), "x-hub-signature": c.req.header("x-hub-signature") };
        const refuse = (reason: string) => {
          c.get("logger").warn({ platform, bytes: raw.byteLength, reason }, "webhook signature missing or invalid");
          webhookVerdicts.inc({ platform, verdict: "bad_signature" });
          return c.json({ error: "invalid_signature" }, 401);
        };
        const checks: Partial<Record<SecretName, SignatureResult>> =
          platform === "whatsapp"
            ? { meta: verifySignature(raw, headers, deps.secrets.metaAppSecret) }
            : {
                instagram: verifySignature(raw, headers, deps.secrets.instagramAppSecret),
                meta: verifySignature(raw, headers, deps.secrets.metaAppSecret),
              };
        const signedWith = (Object.keys(checks) as SecretName[]).filter((k) => checks[k]?.ok);
        if (signedWith.length === 0) {
          const reasons = Object.values(checks).map((r) => (r && !r.ok ? r.reason : "ok"));
          return refuse(reasons.includes("mismatch") ? "mismatch" : (reasons[0] ?? "no_secret"));
        }
        let body: unknown;
        try {
          body = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8"));
        } catch {
          webhookVerdicts.inc({ platform, verdict: "invalid" });
          return c.json({ error: "invalid_json" }, 400);
        }
        if (platform === "instagram") {
          for (const id of entryIds(body)) {
            const needed = await variants.secretFor(id);
            if (needed && !signedWith.includes(needed)) return refuse("wrong_secret_for_account");
          }
        }
        const id = await writer.store({
          platform,
          rawBody: raw,
          headers: {
            "x-hub-signature-256": headers["x-hub-signature-256"] ?? "",
            "content-type": c.req.header("content-type") ?? "",
            "signed-with": signedWith.join(","),
            "request-id": c.get("requestId") ?? "",
          },
        });
        webhookVerdicts.inc({ platform, verdict: "accepted" });
        return c.json({ ok: true, id }, 200);
      },
    );
  }
  return app;
}
