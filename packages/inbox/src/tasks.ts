import { sql, type Database, type ScopedDb } from "@sillage/db";
import { z } from "zod";

/**
 * The inbox's background tasks: id, payload schema, queue settings. `@sillage/jobs` registers them with their
 * handlers (packages/jobs/src/definitions/inbox.ts); they live here so inbox code can add jobs inside its own
 * transactions without depending on the jobs package (which depends on this one).
 * Priorities: graphile-worker runs lower numbers first, so webhook ingestion never waits behind other work.
 */
export const inboxTasks = {
  processDelivery: {
    id: "inbox.process_delivery",
    schema: z.object({ deliveryId: z.number().int().positive() }),
    priority: -20,
    maxAttempts: 12,
  },
  /** One event of a delivery that failed on its own (a `webhook_failures` row), retried until applied or parked. */
  retryWebhookEvent: {
    id: "inbox.retry_webhook_event",
    schema: z.object({ failureId: z.number().int().positive() }),
    priority: -20,
    maxAttempts: 12,
  },
  sendOutbound: {
    id: "inbox.send_outbound",
    schema: z.object({ workspaceId: z.uuid(), outboundId: z.uuid() }),
    priority: -15,
    maxAttempts: 6,
  },
  conversationBatch: {
    id: "inbox.conversation_batch",
    schema: z.object({ workspaceId: z.uuid(), conversationId: z.uuid() }),
    priority: -10,
    maxAttempts: 10,
  },
  fetchMedia: {
    id: "inbox.fetch_media",
    schema: z.object({ workspaceId: z.uuid(), mediaId: z.uuid() }),
    priority: -5,
    maxAttempts: 8,
  },
  sweep: {
    id: "inbox.sweep",
    schema: z.object({}).passthrough(),
    priority: 0,
    maxAttempts: 3,
  },
} as const;

export interface InboxTask<S extends z.ZodType = z.ZodType> {
  id: string;
  schema: S;
  priority: number;
  maxAttempts: number;
}

export interface AddJobOptions {
  runAt?: Date;
  jobKey?: string;
  jobKeyMode?: "replace" | "preserve_run_at" | "unsafe_dedupe";
  /** Jobs of one named queue run one at a time, in order (graphile-worker's `queue_name`). */
  queueName?: string;
}

/** Same contract as `@sillage/jobs`' enqueue: the job commits (or rolls back) with the caller's transaction. */
export async function addJob<S extends z.ZodType>(
  db: Database | ScopedDb,
  task: InboxTask<S>,
  payload: z.input<S>,
  opts: AddJobOptions = {},
): Promise<void> {
  const parsed: unknown = task.schema.parse(payload);
  await sql`select sillage.add_job(
      ${task.id}, ${JSON.stringify(parsed)}::json, ${opts.runAt ?? null}::timestamptz, ${opts.jobKey ?? null}::text,
      ${opts.jobKeyMode ?? null}::text, ${task.maxAttempts}::int, ${task.priority}::int, ${opts.queueName ?? null}::text)`.execute(db);
}
