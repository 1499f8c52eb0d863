import { createPool } from "@sillage/db";
import { conversationBatchJob, decideAndReply } from "@sillage/autoreply";
import { runConversationBatch, type ConversationBatch, type OutboundResendPolicy, type WebhookRetryPolicy } from "@sillage/inbox";
import { defineJob } from "@sillage/queue";
import type { Runner } from "@sillage/queue";
import { expect } from "vitest";
import { jobDefinitions, startJobWorker, type JobServices } from "../../src/jobs";
import { ApiSession, ok, startTestServer, TEST_SECRETS, type TestServer } from "../harness";

export interface InboxWorld {
  server: TestServer;
  owner: ApiSession;
  workspaceId: string;
  wa: { phoneNumberId: string; wabaId: string; token: string; channelId: string };
  ig: { igUserId: string; token: string; channelId: string };
  batches: ConversationBatch[];
  /** Replaced by tests that need to act while a batch is being handed off. */
  onBatch: { fn: ((b: ConversationBatch) => Promise<void>) | null };
  close(): Promise<void>;
}

/**
 * The test server plus a real job runner over the same database, a workspace with one WhatsApp and one Instagram
 * channel on the fake Graph API, and the fake's webhook emitter pointed at the server (signed like Meta).
 */
export async function startInboxWorld(
  opts: {
    burstWindowSeconds?: number;
    humanAgent?: boolean;
    triage?: boolean;
    webhookRetry?: WebhookRetryPolicy;
    outboundResend?: OutboundResendPolicy;
    demo?: boolean;
  } = {},
): Promise<InboxWorld> {
  const server = await startTestServer({ demo: opts.demo });
  const owner = await ApiSession.signup(server.url, { email: `owner-${Math.random().toString(36).slice(2)}@example.com`, workspaceName: "Inbox shop" });
  const workspaceId = owner.workspaceId!;
  await server.db.db.updateTable("workspaces").set({ burst_window_seconds: opts.burstWindowSeconds ?? 1 }).where("id", "=", workspaceId).execute();
  const waAcc = server.fake.control.createWhatsAppAccount({ windowMode: "async", templates: [{ name: "follow_up", bodyText: "Hello again!" }] });
  const waChannel = ok<{ id: string }>(
    await owner.mutation("channels.connectWhatsApp", { phoneNumberId: waAcc.phoneNumberId, wabaId: waAcc.wabaId, accessToken: waAcc.token }),
  );
  const igAcc = server.fake.control.createInstagramAccount({ variant: "instagram", humanAgent: opts.humanAgent ?? true });
  const igChannel = ok<{ id: string }>(await owner.mutation("channels.connectInstagram", { accessToken: igAcc.token, humanAgent: opts.humanAgent ?? true }));
  server.fake.control.configureWebhooks({
    whatsapp: { url: `${server.url}/webhooks/whatsapp` },
    instagram: { url: `${server.url}/webhooks/instagram` },
    metaAppSecret: TEST_SECRETS.metaAppSecret,
    instagramAppSecret: TEST_SECRETS.instagramAppSecret,
  });
  const batches: ConversationBatch[] = [];
  const onBatch: InboxWorld["onBatch"] = { fn: null };
  const triage = decideAndReply(server.ai);
  // The product's batch job, also recording each batch and letting a test act while it is handed off; triage (the
  // product's decide-then-reply) runs only when the test asks for it.
  const observedBatchJob = defineJob({
    ...conversationBatchJob,
    handler: async () => ({
      default: async (payload: { workspaceId: string; conversationId: string }, ctx: JobServices) => {
        await runConversationBatch(ctx, payload, async (b, deps) => {
          batches.push(b);
          await onBatch.fn?.(b);
          if (opts.triage) await triage(b, deps);
        });
      },
    }),
  });
  const pool = createPool(server.db.url, { max: 8 });
  const runner: Runner = await startJobWorker({
    pool,
    definitions: jobDefinitions.map((d) => (d.id === observedBatchJob.id ? observedBatchJob : d)),
    services: {
      db: server.db.db,
      clock: server.clock,
      connectors: server.connectors,
      secretBox: server.secretBox,
      media: server.media,
      ai: server.ai,
      webhookRetry: opts.webhookRetry,
      outboundResend: opts.outboundResend,
    },
    logger: server.logger,
    concurrency: 6,
    pollInterval: 100,
  });
  // Connecting queued each channel's webhook subscription: Meta (and the fake) send nothing before it is done.
  await webhooksSubscribed(server, [waChannel.id, igChannel.id]);
  return {
    server,
    owner,
    workspaceId,
    wa: { ...waAcc, channelId: waChannel.id },
    ig: { igUserId: igAcc.igUserId, token: igAcc.token, channelId: igChannel.id },
    batches,
    onBatch,
    async close() {
      await runner.stop();
      await pool.end();
      await server.close();
    },
  };
}

/**
 * Waits until the product's `channels.subscribe_webhooks` jobs have subscribed the app for these channels (a plain
 * loop: worlds start in beforeAll, where expect.poll is not allowed).
 */
export async function webhooksSubscribed(server: TestServer, channelIds: string[], timeout = 15_000) {
  const until = Date.now() + timeout;
  for (;;) {
    const rows = await server.db.db.selectFrom("channels").select(["webhook_subscribed_at", "webhook_error"]).where("id", "in", channelIds).execute();
    if (rows.filter((r) => r.webhook_subscribed_at).length === channelIds.length) return;
    if (Date.now() > until) throw new Error(`webhooks not subscribed in time: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the fake has delivered everything and every delivery was processed. */
export async function settle(w: InboxWorld, timeout = 15_000) {
  await w.server.fake.control.flushWebhooks();
  await expect
    .poll(
      async () => {
        const row = await w.server.db.db.selectFrom("webhook_deliveries").select((eb) => eb.fn.countAll<number>().as("n")).where("processed_at", "is", null).executeTakeFirstOrThrow();
        return Number(row.n);
      },
      { timeout, interval: 50 },
    )
    .toBe(0);
}

/** A WhatsApp `messages` webhook body for the world's number, as Meta writes it (for `sendRawWebhook`). */
export function whatsappBody(w: InboxWorld, value: Record<string, unknown>) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: w.wa.wabaId,
        changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "15550000000", phone_number_id: w.wa.phoneNumberId }, ...value } }],
      },
    ],
  };
}

export async function messagesOf(w: InboxWorld) {
  return w.server.db.db
    .selectFrom("messages")
    .selectAll()
    .where("workspace_id", "=", w.workspaceId)
    .orderBy("platform_timestamp")
    .orderBy("created_at")
    .execute();
}

export { ok, TEST_SECRETS };
