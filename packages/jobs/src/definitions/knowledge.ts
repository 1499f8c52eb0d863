import { z } from "zod";
import { defineJob } from "../define";

/**
 * Re-embeds knowledge chunks whose embedder (provider/model/dimension) is not the current provider's, or that were
 * stored while the provider was unreachable. Enqueued lazily by knowledge.search/add (job key per workspace).
 */
export const knowledgeReembed = defineJob({
  id: "knowledge.reembed",
  schema: z.object({ workspaceId: z.uuid().optional() }),
  maxAttempts: 5,
  handler: () => import("../handlers/knowledge-reembed"),
});
