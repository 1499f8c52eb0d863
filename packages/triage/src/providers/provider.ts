import { z } from "zod";
import type { Embedder } from "../embedding";
import type { Language } from "../text";
import type { Passage, Triage } from "../types";

export interface AnswerRequest {
  /** The customer's messages of the batch, oldest first. */
  messages: string[];
  language: Language;
  /** Passages above the retrieval threshold, best first. */
  passages: Passage[];
  /** The auto rule that matched, if any (context for the model). */
  rule?: { name: string } | null;
  /** For a comment: the caption of the post it was written under (context, not instructions). */
  postCaption?: string | null;
}

/** What a provider answers; validated (zod) on every path. */
export const modelAnswerSchema = z.object({
  triage: z.enum(["IGNORE", "ESCALATE", "AUTO_REPLY"]),
  confidence: z.number().min(0).max(1),
  reason: z.string().max(2000),
  reply: z.string().max(4000).nullable(),
  usedSources: z.array(z.string()).max(20),
  /** Why an answer was declined, when the provider can tell (the offline one: no passage in the customer's language). */
  declined: z.enum(["wrong_language"]).optional(),
});
export type ModelAnswer = z.infer<typeof modelAnswerSchema> & { triage: Triage };

/** A model call that failed (HTTP error, timeout, malformed output): the pipeline escalates with this reason. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: "timeout" | "http" | "malformed" | "network" | "aborted",
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * One interface, two implementations: the OpenAI-compatible client (OpenAI, Ollama, vLLM…) and the offline
 * provider used when no key is set.
 */
export interface ModelProvider {
  /** "offline" or "openai:<model>" — recorded in every decision. */
  readonly id: string;
  readonly embedder: Embedder;
  /** Passages below this cosine score do not support an answer (depends on the embedder's score scale). */
  readonly retrievalThreshold: number;
  answer(req: AnswerRequest, opts?: { signal?: AbortSignal }): Promise<ModelAnswer>;
  /**
   * Short names for groups of customer messages (topics), one per group in order, written in `language`; only
   * providers with a model have it (validated with zod, like answers).
   */
  nameTopics?(req: { language: Language; topics: { terms: string[]; samples: string[] }[] }, opts?: { signal?: AbortSignal }): Promise<string[]>;
}
