import { triageModelDuration } from "@sillage/observability";
import type { Embedder } from "../embedding";
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
  if (!config.OPENAI_API_KEY) return measured(new OfflineProvider());
  return measured(new OpenAIProvider({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.OPENAI_MODEL,
    embeddingModel: config.OPENAI_EMBEDDING_MODEL,
    embeddingDimensions: config.OPENAI_EMBEDDING_DIMENSIONS,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
  }));
}

/** The same provider, timing each model call (`sillage_triage_model_duration_seconds`; provider without model). */
export function measured(inner: ModelProvider): ModelProvider {
  const provider = inner.id.split(":")[0] ?? "unknown";
  const time = async <T>(call: "embed" | "answer", fn: () => Promise<T>): Promise<T> => {
    const stop = triageModelDuration.startTimer({ call, provider });
    try {
      const out = await fn();
      stop({ outcome: "ok" });
      return out;
    } catch (e) {
      stop({ outcome: "error" });
      throw e;
    }
  };
  const embedder: Embedder = {
    id: inner.embedder.id,
    dimension: inner.embedder.dimension,
    embed: (texts, opts) => time("embed", () => inner.embedder.embed(texts, opts)),
  };
  return {
    id: inner.id,
    embedder,
    retrievalThreshold: inner.retrievalThreshold,
    answer: (req, opts) => time("answer", () => inner.answer(req, opts)),
  };
}
