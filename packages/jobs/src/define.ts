import type { Connectors } from "@sillage/connectors";
import type { Database } from "@sillage/db";
import type { MediaServices } from "@sillage/media";
import type { PublishingOptions } from "@sillage/publishing";
import type { BatchHandler, WebhookRetryPolicy } from "@sillage/inbox";
import type { Clock, SecretBox } from "@sillage/domain";
import type { Logger } from "@sillage/observability";
import type { ModelProvider } from "@sillage/triage";
import type { JobHelpers } from "graphile-worker";
import type { z } from "zod";

/** What every job handler can use. The server builds one per process (apps/server/src/services.ts). */
export interface JobServices {
  db: Database;
  clock: Clock;
  connectors: Connectors;
  secretBox: SecretBox;
  media: MediaServices;
  /** Publishing retry policy and step waits (tests shorten them). */
  publishing?: PublishingOptions;
  /** Triage model provider (OpenAI-compatible or offline), also the knowledge embedder; the server always sets it. */
  ai?: ModelProvider;
  /** Inbox burst batches go downstream through this hook (triage); unset → @sillage/inbox's handOffBatch. */
  onConversationBatch?: BatchHandler;
  /** Retries of failing webhook work before it is parked (tests shorten them); unset → DEFAULT_WEBHOOK_RETRY. */
  webhookRetry?: WebhookRetryPolicy;
}

export interface JobContext extends JobServices {
  logger: Logger;
  helpers: JobHelpers;
}

export type JobHandler<P> = (payload: P, ctx: JobContext) => Promise<void>;

/**
 * A background job: a stable id (the graphile-worker task identifier), the zod schema of its payload, and its handler,
 * imported lazily so the list of definitions reads like a table of contents (Documenso style).
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  id: string;
  schema: S;
  /** Jobs of one queue run one at a time, in order. */
  queue?: string;
  maxAttempts?: number;
  priority?: number;
  handler: () => Promise<{ default: JobHandler<z.output<S>> }>;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

export type JobPayload<D> = D extends JobDefinition<infer S> ? z.input<S> : never;
