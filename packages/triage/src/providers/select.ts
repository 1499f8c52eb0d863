import { OfflineProvider } from "./offline";
import { OpenAIProvider } from "./openai";
import type { ModelProvider } from "./provider";

export interface ProviderConfig {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  OPENAI_MODEL: string;
  OPENAI_EMBEDDING_MODEL: string;
  OPENAI_EMBEDDING_DIMENSIONS?: number;
  OPENAI_TIMEOUT_MS?: number;
}

/** `OPENAI_API_KEY` set → the OpenAI-compatible client; otherwise the offline provider. */
export function createModelProvider(config: ProviderConfig): ModelProvider {
  if (!config.OPENAI_API_KEY) return new OfflineProvider();
  return new OpenAIProvider({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.OPENAI_MODEL,
    embeddingModel: config.OPENAI_EMBEDDING_MODEL,
    embeddingDimensions: config.OPENAI_EMBEDDING_DIMENSIONS,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
  });
}
