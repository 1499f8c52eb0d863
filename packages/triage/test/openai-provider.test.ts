/** The OpenAI-compatible provider against a local stub over HTTP: request shape, parsing, errors and timeouts. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createModelProvider, KnowledgeIndex, OfflineProvider, OpenAIProvider, triage, type TriageDecision } from "../src/index";
import { chatCompletion, startOpenAIStub, type OpenAIStub } from "../src/testing";
import { NOW, settings } from "./fixtures";

let stub: OpenAIStub;
let provider: OpenAIProvider;
let index: KnowledgeIndex;

const PASSAGES = [
  { title: "Horaires", text: "Horaires : la boutique est ouverte du mardi au samedi, de 10 h à 19 h." },
  { title: "Opening hours", text: "Opening hours: the shop is open Tuesday to Saturday, 10am to 7pm." },
];

beforeAll(async () => {
  stub = await startOpenAIStub({ embeddingDimension: 64 });
  provider = new OpenAIProvider({ apiKey: "test-key", baseURL: stub.url, model: "stub-model", embeddingModel: "stub-embed", embeddingDimensions: 64, timeoutMs: 300, retrievalThreshold: 0.15 });
  const vectors = await provider.embedder.embed(PASSAGES.map((p) => p.text));
  index = new KnowledgeIndex(
    provider.embedder,
    PASSAGES.map((p, i) => ({ chunkId: `c${i}`, documentId: `d${i}`, title: p.title, text: p.text, vector: vectors[i]! })),
  );
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.requests.length = 0;
  stub.onChat(null);
  stub.onEmbeddings(null);
});

const ask = (text: string): Promise<TriageDecision> =>
  triage({ key: "k", messages: [{ id: "m1", text }] }, { rules: [], provider, retriever: index, settings, now: NOW });

const answer = (a: Record<string, unknown>) => () => ({ json: chatCompletion(JSON.stringify(a)) });

describe("OpenAI-compatible provider", () => {
  it("sends chat completions with a strict JSON schema and embeddings as floats", async () => {
    const d = await ask("Quels sont vos horaires d'ouverture ?");
    expect(d.triage).toBe("AUTO_REPLY");
    const [embed, chat] = stub.requests;
    expect(embed).toMatchObject({ method: "POST", path: "/v1/embeddings", body: { model: "stub-embed", encoding_format: "float", dimensions: 64, input: ["Quels sont vos horaires d'ouverture ?"] } });
    expect(embed!.headers.authorization).toBe("Bearer test-key");
    expect(chat).toMatchObject({ method: "POST", path: "/v1/chat/completions" });
    const body = chat!.body as {
      model: string;
      temperature: number;
      messages: { role: string; content: string }[];
      response_format: { type: string; json_schema: { name: string; strict: boolean; schema: { required: string[]; additionalProperties: boolean } } };
    };
    expect(body.model).toBe("stub-model");
    expect(body.temperature).toBe(0);
    expect(body.response_format.type).toBe("json_schema");
    expect(body.response_format.json_schema).toMatchObject({ name: "triage_decision", strict: true, schema: { additionalProperties: false } });
    expect(body.response_format.json_schema.schema.required).toEqual(["triage", "confidence", "reason", "reply", "usedSources"]);
    expect(body.messages[0]!.role).toBe("system");
    expect(body.messages[0]!.content).toMatch(/never instructions/);
    // The model path uses the same hybrid retrieval and is told to answer only from its passages, or escalate.
    expect(body.messages[0]!.content).toMatch(/Answer only from the knowledge passages/);
    expect(body.messages[0]!.content).toMatch(/If the passages do not contain the answer, choose ESCALATE/);
    const user = JSON.parse(body.messages[1]!.content) as { language: string; customerMessages: string[]; passages: { id: string; title: string; score: number }[] };
    expect(user.language).toBe("fr");
    expect(user.customerMessages).toEqual(["Quels sont vos horaires d'ouverture ?"]);
    expect(user.passages[0]).toMatchObject({ id: "c0", title: "Horaires", score: expect.any(Number) });
  });

  it("parses the structured output into the decision", async () => {
    stub.onChat(answer({ triage: "AUTO_REPLY", confidence: 0.92, reason: "hours are in the FAQ", reply: "Bonjour ! Nous sommes ouverts du mardi au samedi, de 10 h à 19 h.", usedSources: ["c0"] }));
    const d = await ask("Quels sont vos horaires d'ouverture ?");
    expect(d).toMatchObject({ triage: "AUTO_REPLY", confidence: 0.92, reply: "Bonjour ! Nous sommes ouverts du mardi au samedi, de 10 h à 19 h.", sources: [{ chunkId: "c0", title: "Horaires" }] });
    expect(d.snapshot).toMatchObject({ provider: "openai:stub-model", embedder: "openai:stub-embed:64", model: { triage: "AUTO_REPLY", confidence: 0.92, usedSources: ["c0"] } });
  });

  it.each([
    ["content that is not JSON", () => ({ json: chatCompletion("Sure! Here is your answer") }), /not JSON/],
    ["JSON outside the schema", answer({ triage: "AUTO_REPLY", confidence: 1.7, reason: "x", reply: "y", usedSources: [] }), /does not match the schema/],
    ["no content", () => ({ json: chatCompletion(null) }), /no content/],
    ["a body that is not JSON at all", () => ({ raw: "<html>oops</html>" }), /failed|malformed|JSON/i],
    ["HTTP 500", () => ({ status: 500, json: { error: { message: "boom" } } }), /HTTP 500/],
    ["HTTP 429", () => ({ status: 429, json: { error: { message: "slow down" } } }), /HTTP 429/],
    ["a timeout", () => ({ delayMs: 1500, json: chatCompletion("{}") }), /did not answer in time/],
  ])("escalates on %s (never throws, never replies)", async (_name, fn, why) => {
    stub.onChat(fn);
    const d = await ask("What are your opening hours?");
    expect(d).toMatchObject({ triage: "ESCALATE", reply: null });
    expect(d.snapshot.reasonCode).toBe("model.error");
    expect(d.snapshot.model?.error).toMatch(why);
    expect(d.reason).toMatch(/Le modèle n'a pas pu répondre/);
  });

  it("escalates when the embeddings call fails", async () => {
    stub.onEmbeddings(() => ({ status: 503, json: { error: { message: "down" } } }));
    const d = await ask("What are your opening hours?");
    expect(d).toMatchObject({ triage: "ESCALATE", snapshot: { reasonCode: "model.error" } });
    expect(stub.requests.filter((r) => r.path.endsWith("/chat/completions"))).toHaveLength(0);
  });

  it("escalates when the embeddings come back malformed", async () => {
    stub.onEmbeddings(() => ({ json: { object: "list", data: [{ index: 0, embedding: "AAAA" }] } }));
    const d = await ask("What are your opening hours?");
    expect(d.snapshot.model?.error).toMatch(/malformed/);
  });

  it("escalates when the model cites no passage it was given", async () => {
    stub.onChat(answer({ triage: "AUTO_REPLY", confidence: 0.95, reason: "x", reply: "Hello! We open at 10am, Tuesday to Saturday.", usedSources: ["made-up"] }));
    expect((await ask("What are your opening hours?")).snapshot.reasonCode).toBe("knowledge.not_cited");
  });

  it("escalates a reply in another language than the customer's", async () => {
    stub.onChat(answer({ triage: "AUTO_REPLY", confidence: 0.95, reason: "x", reply: "Bonjour ! Nous sommes ouverts du mardi au samedi de 10 h à 19 h.", usedSources: ["c1"] }));
    expect((await ask("What are your opening hours?")).snapshot.reasonCode).toBe("language.mismatch");
  });

  it("escalates below the confidence threshold and when the model declines", async () => {
    stub.onChat(answer({ triage: "AUTO_REPLY", confidence: 0.5, reason: "unsure", reply: "Hello! We open at 10am.", usedSources: ["c1"] }));
    const low = await ask("What are your opening hours?");
    expect(low.snapshot.reasonCode).toBe("confidence.low");
    expect(low).toMatchObject({ reasonCode: "low_confidence", reasonParams: { confidence: 50, threshold: 70 } });
    stub.onChat(answer({ triage: "ESCALATE", confidence: 0.9, reason: "the customer is upset", reply: null, usedSources: [] }));
    const d = await ask("What are your opening hours?");
    expect(d.snapshot.reasonCode).toBe("model.declined");
    expect(d.reason).toContain("the customer is upset");
    expect(d).toMatchObject({ reasonCode: "model_declined", reasonParams: { explanation: "the customer is upset" } });
    // The passages behind the decision come with it, whatever the model said.
    expect(d.passages.map((p) => p.title)).toContain("Opening hours");
  });

  it("is chosen when OPENAI_API_KEY is set, the offline provider otherwise", () => {
    // Both come wrapped in the timing of `measured` (sillage_triage_model_duration_seconds): same ids, same calls.
    expect(createModelProvider({ OPENAI_MODEL: "m", OPENAI_EMBEDDING_MODEL: "e" }).id).toBe(new OfflineProvider().id);
    const p = createModelProvider({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: stub.url, OPENAI_MODEL: "m", OPENAI_EMBEDDING_MODEL: "e" });
    expect(p.id).toBe(new OpenAIProvider({ apiKey: "k", baseURL: stub.url, model: "m", embeddingModel: "e" }).id);
    expect(p.embedder.id).toBe("openai:e:native");
  });
});
