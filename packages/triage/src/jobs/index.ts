// Triage's jobs (`@sillage/triage/jobs`); the handler sits beside, loaded on first use.
import type { Database, ScopedDb } from "@sillage/db";
import { defineJob, enqueue } from "@sillage/queue";
import { z } from "zod";

/**
 * Re-embeds knowledge chunks whose embedder (provider/model/dimension) is not the current provider's, or that were
 * stored while the provider was unreachable. Added lazily (`queueReembed`) by knowledge.search/add and by a decision
 * that met stale knowledge.
 */
export const knowledgeReembedJob = defineJob({
  id: "knowledge.reembed",
  schema: z.object({ workspaceId: z.uuid().optional() }),
  maxAttempts: 5,
  handler: () => import("./reembed"),
});

/**
 * Queues the re-embedding of one workspace's knowledge: one job per workspace whoever asks (a router, a decision),
 * and an earlier request keeps its time, so a stream of searches cannot push the work back for ever.
 */
export async function queueReembed(db: Database | ScopedDb, workspaceId: string): Promise<void> {
  await enqueue(db, knowledgeReembedJob, { workspaceId }, { jobKey: `knowledge.reembed:${workspaceId}`, jobKeyMode: "preserve_run_at" });
}

export const triageJobs = [knowledgeReembedJob] as const;
