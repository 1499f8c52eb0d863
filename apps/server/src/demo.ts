import { ensureUser, ensureWorkspace } from "@sillage/accounts";
import type { AppConfig } from "@sillage/config";
import { disconnectWorkspaceChannels, saveChannel } from "@sillage/channels";
import type { Database } from "@sillage/db";
import type { SecretBox } from "@sillage/crypto";
import { DEMO_CUSTOMERS, startFakeGraph, type FakeGraph } from "@sillage/fake-graph";
import type { DemoControl } from "@sillage/api";
import { demoCommentTarget, seedDemoPosts } from "./demo-comments";

export const DEMO_LOGIN = { email: "demo@sillage.local", password: "demo-sillage-2026" };
const DEMO_SECRETS = { META_APP_SECRET: "demo-meta-app-secret", INSTAGRAM_APP_SECRET: "demo-instagram-app-secret", META_VERIFY_TOKEN: "demo-verify-token", INSTAGRAM_APP_ID: "demo-instagram-app" };

/**
 * SILLAGE_DEMO=1: the built-in fake Graph API runs in this process and every Graph host points at it, so a new
 * user sees the product work with sandbox channels and no Meta account. Returns the config to run with.
 */
export async function startDemoGraph(config: AppConfig): Promise<{ config: AppConfig; fake: FakeGraph }> {
  const fake = await startFakeGraph({ port: 0 });
  const demoConfig: AppConfig = {
    ...config,
    META_GRAPH_URL: fake.url,
    INSTAGRAM_GRAPH_URL: fake.url,
    INSTAGRAM_OAUTH_URL: fake.url,
    INSTAGRAM_AUTHORIZE_URL: `${fake.url}/oauth/authorize`,
    META_APP_SECRET: config.META_APP_SECRET ?? DEMO_SECRETS.META_APP_SECRET,
    INSTAGRAM_APP_SECRET: config.INSTAGRAM_APP_SECRET ?? DEMO_SECRETS.INSTAGRAM_APP_SECRET,
    META_VERIFY_TOKEN: config.META_VERIFY_TOKEN ?? DEMO_SECRETS.META_VERIFY_TOKEN,
    INSTAGRAM_APP_ID: config.INSTAGRAM_APP_ID ?? DEMO_SECRETS.INSTAGRAM_APP_ID,
  };
  fake.control.configureWebhooks({
    whatsapp: { url: `${config.APP_URL}/webhooks/whatsapp` },
    instagram: { url: `${config.APP_URL}/webhooks/instagram` },
    metaAppSecret: demoConfig.META_APP_SECRET,
    instagramAppSecret: demoConfig.INSTAGRAM_APP_SECRET,
  });
  return { config: demoConfig, fake };
}

/** The demo account, its workspace, and one sandbox channel per platform connected to the fake (idempotent). */
export async function seedDemo(db: Database, box: SecretBox, fake?: FakeGraph): Promise<{ workspaceId: string }> {
  const user = await ensureUser(db, { email: DEMO_LOGIN.email, name: "Démo Sillage", password: DEMO_LOGIN.password });
  const ws = await ensureWorkspace(db, { slug: "demo", name: "Boutique Démo", ownerId: user.id });
  if (fake) {
    // The fake starts empty on each run: sandbox accounts are created anew and the stored channels follow them.
    await disconnectWorkspaceChannels(db, ws.id);
    const wa = fake.control.createWhatsAppAccount({ displayPhoneNumber: "33612345678", verifiedName: "Boutique Démo", windowMode: "async" });
    const ig = fake.control.createInstagramAccount({ variant: "instagram", username: "boutique.demo", humanAgent: true });
    // Instagram profiles (name, username, picture) of the demo's customers, readable once they have written.
    fake.control.seedDemoCustomers({ igUserId: ig.igUserId });
    // Posts on the sandbox account, commented on by demo customers (demo-comments.ts).
    seedDemoPosts(fake, ig.igUserId);
    const now = new Date();
    await saveChannel(db, box, {
      workspaceId: ws.id, platform: "whatsapp", externalId: wa.phoneNumberId, wabaId: wa.wabaId, displayName: "Boutique Démo (WhatsApp)",
      username: "+33 6 12 34 56 78", accessToken: wa.token, tokenIssuedAt: now, tokenExpiry: { kind: "never" },
    });
    await saveChannel(db, box, {
      workspaceId: ws.id, platform: "instagram", variant: "instagram", externalId: ig.igUserId, displayName: "Boutique Démo (Instagram)",
      username: "boutique.demo", accessToken: ig.token, tokenIssuedAt: now,
      // What the fake issued (the demo's own platform): the daily check keeps asking it like Meta.
      tokenExpiry: ig.tokenExpiresAt === null ? { kind: "never" } : { kind: "at", at: new Date(ig.tokenExpiresAt).toISOString() }, humanAgent: true,
    });
  }
  return { workspaceId: ws.id };
}

/** `demo.simulate`: a customer writes (or comments) through the in-process fake, which sends the signed webhook. */
export function demoControl(fake: FakeGraph): DemoControl {
  // Each simulation is the next demo customer in turn, so the inbox fills with different people.
  let turn = 0;
  return {
    async simulate({ kind, accountId, text, customerName }) {
      const customer = DEMO_CUSTOMERS[turn++ % DEMO_CUSTOMERS.length]!;
      if (kind === "whatsapp_message") {
        return fake.control.customerMessage({ channel: "whatsapp", phoneNumberId: accountId, from: customer.waId, name: customerName ?? customer.name, text });
      }
      if (kind === "instagram_message") {
        return fake.control.customerMessage({ channel: "instagram", igUserId: accountId, from: customer.igsid, text });
      }
      return fake.control.customerComment({ mediaId: demoCommentTarget(fake, accountId), from: customer.igsid, username: customerName ?? customer.username, text });
    },
  };
}
