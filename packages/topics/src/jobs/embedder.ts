import type { Embedder } from "@sillage/triage";
import { embedderFor } from "../embedder";
import type { TopicsJobServices } from "./services";

/** The configured model's embedder (OpenAI-compatible with a key), else the offline topic embedder. */
export function currentEmbedder(services: Pick<TopicsJobServices, "ai">): Embedder {
  return embedderFor(services.ai);
}
