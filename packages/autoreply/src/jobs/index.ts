// The autoreply's one job: the inbox's conversation batch (declared by @sillage/inbox, which adds it while ingesting),
// handled here because deciding and replying needs both the inbox and triage. Dependencies only point down:
// inbox declares and enqueues, autoreply handles, the server lists the handler.
import { conversationBatchJob as batchSpec } from "@sillage/inbox";
import { defineJob } from "@sillage/queue";

/** Records a burst of customer messages as one batch, decides it (triage), and queues an automatic reply when due. */
export const conversationBatchJob = defineJob({ ...batchSpec, handler: () => import("./conversation-batch") });

export const autoreplyJobs = [conversationBatchJob] as const;
