// The autoreply's jobs: the inbox's conversation batch and changed batch (declared by @sillage/inbox, which adds them while ingesting),
// handled here because deciding and replying needs both the inbox and triage. Dependencies only point down:
// inbox declares and enqueues, autoreply handles, the server lists the handler.
import { batchChangedJob as changedSpec, conversationBatchJob as batchSpec } from "@sillage/inbox";
import { defineJob } from "@sillage/queue";

/** Records a burst of customer messages as one batch, decides it (triage), and queues an automatic reply when due. */
export const conversationBatchJob = defineJob({ ...batchSpec, handler: () => import("./conversation-batch") });

/** Decides again a burst its customer edited or partly unsent after its decision (`redecide-batch.ts`). */
export const batchChangedJob = defineJob({ ...changedSpec, handler: () => import("./batch-changed") });

export const autoreplyJobs = [conversationBatchJob, batchChangedJob] as const;
