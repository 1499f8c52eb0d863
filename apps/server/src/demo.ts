import { seedDemoKpiHistory } from "@sillage/kpis";
import { ensureUser, ensureWorkspace } from "@sillage/accounts";
import type { AppConfig } from "@sillage/config";
import { connectedChannelsWithTokens, retryWebhookSubscription, saveChannel } from "@sillage/channels";
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

/**
 * The built-in fake starts empty on each run while the database keeps its channels: every connected channel (the
 * demo's and any a visitor connected, all on the fake in demo mode) is re-created in the fake with its ids and its
 * token, so channels keep working after a restart instead of failing on an account the fake no longer knows, and
 * its webhook subscription is queued again (the fake delivers nothing to an app not subscribed, as Meta).
 */
export async function restoreDemoAccounts(
  db: Database,
  box: SecretBox,
  fake: FakeGraph,
): Promise<{ whatsapp: number; instagram: number; failed: { channelId: string; error: string }[] }> {
  const restored = { whatsapp: 0, instagram: 0, failed: [] as { channelId: string; error: string }[] };
  for (const ch of await connectedChannelsWithTokens(db, box)) {
    // One channel the fake refuses (an id two rows share) must not stop the demo from starting: it is reported.
    try {
      restoreOne(ch);
      // The fake forgot the app's subscription with the account: the channel subscribes again, as on connection
      // (the worker's `channels.subscribe_webhooks`, over HTTP), so its customers' messages reach the inbox.
      await retryWebhookSubscription(db, ch.id);
    } catch (err) {
      restored.failed.push({ channelId: ch.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return restored;

  function restoreOne(ch: Awaited<ReturnType<typeof connectedChannelsWithTokens>>[number]): void {
    const tokenIssuedAt = ch.tokenIssuedAt ? new Date(ch.tokenIssuedAt).getTime() : undefined;
    const tokenExpiresAt = ch.tokenExpiresAt ? new Date(ch.tokenExpiresAt).getTime() : null;
    if (ch.platform === "whatsapp" && ch.wabaId) {
      fake.control.createWhatsAppAccount({
        phoneNumberId: ch.externalId,
        wabaId: ch.wabaId,
        displayPhoneNumber: (ch.username ?? "").replace(/\D/g, "") || undefined,
        verifiedName: ch.displayName.replace(/ \(WhatsApp\)$/, ""),
        token: ch.accessToken,
        tokenIssuedAt,
        tokenExpiresAt,
        windowMode: "async",
      });
      restored.whatsapp++;
    } else if (ch.platform === "instagram") {
      const ig = fake.control.createInstagramAccount({
        variant: ch.variant ?? "instagram",
        igUserId: ch.externalId,
        appScopedUserId: ch.appScopedId ?? undefined,
        username: ch.username ?? undefined,
        token: ch.accessToken,
        tokenIssuedAt,
        tokenExpiresAt,
        humanAgent: ch.humanAgent,
      });
      fake.control.seedDemoCustomers({ igUserId: ig.igUserId });
      // The fake forgot the sandbox posts too: they come back, commented on by demo customers (demo-comments.ts).
      seedDemoPosts(fake, ig.igUserId);
      restored.instagram++;
    }
  }
}

/**
 * The demo account, its workspace, and one sandbox channel per platform connected to the fake (idempotent): the
 * accounts of earlier runs are restored in the fake first, and only a platform the demo workspace lacks gets a new one.
 */
export async function seedDemo(
  db: Database,
  box: SecretBox,
  fake?: FakeGraph,
): Promise<{ workspaceId: string; restored?: Awaited<ReturnType<typeof restoreDemoAccounts>> }> {
  const user = await ensureUser(db, { email: DEMO_LOGIN.email, name: "Démo Sillage", password: DEMO_LOGIN.password });
  const ws = await ensureWorkspace(db, { slug: "demo", name: "Boutique Démo", ownerId: user.id });
  let restored: Awaited<ReturnType<typeof restoreDemoAccounts>> | undefined;
  if (fake) {
    restored = await restoreDemoAccounts(db, box, fake);
    const has = new Set((await connectedChannelsWithTokens(db, box)).filter((c) => c.workspaceId === ws.id).map((c) => c.platform));
    const now = new Date();
    if (!has.has("whatsapp")) {
      const wa = fake.control.createWhatsAppAccount({ displayPhoneNumber: "33612345678", verifiedName: "Boutique Démo", windowMode: "async" });
      await saveChannel(db, box, {
        workspaceId: ws.id, platform: "whatsapp", externalId: wa.phoneNumberId, wabaId: wa.wabaId, displayName: "Boutique Démo (WhatsApp)",
        username: "+33 6 12 34 56 78", accessToken: wa.token, tokenIssuedAt: now, tokenExpiry: { kind: "never" },
      });
    }
    if (!has.has("instagram")) {
      const ig = fake.control.createInstagramAccount({ variant: "instagram", username: "boutique.demo", humanAgent: true });
      // Instagram profiles (name, username, picture) of the demo's customers, readable once they have written.
      fake.control.seedDemoCustomers({ igUserId: ig.igUserId });
      // Posts on the sandbox account, commented on by demo customers (demo-comments.ts).
      seedDemoPosts(fake, ig.igUserId);
      await saveChannel(db, box, {
        workspaceId: ws.id, platform: "instagram", variant: "instagram", externalId: ig.igUserId, appScopedId: ig.appScopedUserId, displayName: "Boutique Démo (Instagram)",
        username: "boutique.demo", accessToken: ig.token, tokenIssuedAt: now,
        // What the fake issued (the demo's own platform): the daily check keeps asking it like Meta.
        tokenExpiry: ig.tokenExpiresAt === null ? { kind: "never" } : { kind: "at", at: new Date(ig.tokenExpiresAt).toISOString() }, humanAgent: true,
      });
    }
  }
  // A week of plausible KPI history (figures only), so /analytics has its 48 h and their D-7 on the first visit.
  await seedDemoKpiHistory(db, ws.id, new Date());
  return { workspaceId: ws.id, restored };
}

/**
 * `demo.simulate`: a customer writes (or comments) through the in-process fake, which sends the signed webhook;
 * `demo.simulateMessageChange`: a customer edits or unsends a message, the same way.
 */
export function demoControl(fake: FakeGraph): DemoControl {
  // Each simulation is the next demo customer in turn, so the inbox fills with different people.
  let turn = 0;
  return {
    loginEmail: DEMO_LOGIN.email,
    createWhatsAppSandbox() {
      // A French mobile number, unique enough for a sandbox; the form's other fields come from the fake as from Meta.
      const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
      const wa = fake.control.createWhatsAppAccount({ displayPhoneNumber: `336${digits}`, verifiedName: "Sandbox Sillage", windowMode: "async" });
      return { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.token };
    },
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
    async changeMessage({ change, platform, accountId, customerId, platformMessageId }) {
      if (platform === "whatsapp") {
        const target = { channel: "whatsapp" as const, phoneNumberId: accountId, from: customerId, messageId: platformMessageId };
        if (change.kind === "edit") fake.control.customerEditMessage({ ...target, text: change.text });
        else fake.control.customerUnsendMessage(target);
        return;
      }
      const target = { channel: "instagram" as const, igUserId: accountId, from: customerId, mid: platformMessageId };
      if (change.kind === "edit") fake.control.customerEditMessage({ ...target, text: change.text });
      else fake.control.customerUnsendMessage(target);
    },
  };
}
