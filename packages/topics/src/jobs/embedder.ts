import { OfflineEmbedder, type Embedder } from "@sillage/triage";
import type { TopicsJobServices } from "./services";

/** The configured provider's embedder (OpenAI-compatible with a key), else the offline one. */
export function currentEmbedder(services: Pick<TopicsJobServices, "ai">): Embedder {
  return services.ai?.embedder ?? new OfflineEmbedder();
}
