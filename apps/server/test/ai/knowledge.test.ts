/** The knowledge router over HTTP: add (text, markdown, .txt/.md/.pdf), list, search, remove, re-embedding. */
import { OpenAIProvider } from "@sillage/triage";
import { reembedChunks } from "@sillage/triage/store";
import { minimalPdf, startOpenAIStub, type OpenAIStub } from "@sillage/triage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession, ok, startTestServer, type TestServer } from "../harness";
import { FAQ } from "./seed";

interface Doc {
  id: string;
  title: string;
  sourceKind: string;
  chunks: number;
  staleChunks: number;
}
interface Search {
  threshold: number;
  embedder: string;
  staleChunks: number;
  passages: { chunkId: string; documentId: string; title: string; text: string; score: number; aboveThreshold: boolean }[];
}

const b64 = (data: string | Uint8Array) => Buffer.from(data).toString("base64");

describe("knowledge (offline provider)", () => {
  let server: TestServer;
  let owner: ApiSession;
  beforeAll(async () => {
    server = await startTestServer();
    owner = await ApiSession.signup(server.url, { email: "kb@example.com" });
  });
  afterAll(() => server.close());

  it("adds texts, markdown and files, lists them, searches top-k and removes", async () => {
    const text = ok<{ id: string; chunks: number }>(await owner.mutation("knowledge.add", { title: "FAQ", text: FAQ }));
    expect(text.chunks).toBe(1);
    ok(await owner.mutation("knowledge.add", { title: "Retours", format: "markdown", text: "# Retours\n\nVous avez **30 jours** pour [retourner](https://x.fr) un article." }));
    ok(await owner.mutation("knowledge.add", { file: { name: "paiement.txt", contentBase64: b64("Paiement : carte bancaire, PayPal et paiement en trois fois sans frais.") } }));
    ok(await owner.mutation("knowledge.add", { file: { name: "Tailles.md", contentBase64: b64("## Tailles\n\nNos robes *taillent petit* : prenez une taille au-dessus.") } }));
    const pdf = ok<{ id: string; chunks: number }>(
      await owner.mutation("knowledge.add", { file: { name: "cadeaux.pdf", contentBase64: b64(minimalPdf(["Cartes cadeaux : disponibles en boutique de 20 a 200 euros.", "Valables un an."])) } }),
    );
    expect(pdf.chunks).toBe(1);

    const docs = ok<Doc[]>(await owner.query("knowledge.list"));
    expect(docs.map((d) => [d.title, d.sourceKind])).toEqual([
      ["cadeaux", "pdf"],
      ["Tailles", "md"],
      ["paiement", "txt"],
      ["Retours", "markdown"],
      ["FAQ", "text"],
    ]);
    expect(docs.every((d) => d.chunks === 1 && d.staleChunks === 0)).toBe(true);
    const stored = await server.db.db.selectFrom("knowledge_documents").select("content").where("title", "=", "Retours").executeTakeFirstOrThrow();
    expect(stored.content).toBe("Retours.\n\nVous avez 30 jours pour retourner un article.");

    const res = ok<Search>(await owner.query("knowledge.search", { query: "je peux payer en trois fois ?", k: 3 }));
    expect(res).toMatchObject({ embedder: "offline:hash-ngrams-v2:512", staleChunks: 0 });
    // Hybrid retrieval lists only passages that share a word or a close vector with the query.
    expect(res.passages.length).toBeGreaterThanOrEqual(1);
    expect(res.passages[0]).toMatchObject({ title: "paiement", aboveThreshold: true });
    for (const p of res.passages.slice(1)) expect(res.passages[0]!.score).toBeGreaterThan(p.score);
    const gift = ok<Search>(await owner.query("knowledge.search", { query: "carte cadeau", k: 1 }));
    expect(gift.passages[0]!.title).toBe("cadeaux");

    ok(await owner.mutation("knowledge.remove", { id: pdf.id }));
    expect(ok<Doc[]>(await owner.query("knowledge.list"))).toHaveLength(4);
    expect(await server.db.db.selectFrom("knowledge_chunks").select("id").where("document_id", "=", pdf.id).execute()).toEqual([]);
    expect(await owner.mutation("knowledge.remove", { id: pdf.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("reports input errors by field", async () => {
    const fieldsOf = (r: Awaited<ReturnType<ApiSession["mutation"]>>) => (r.ok ? null : (r.data.fieldErrors as Record<string, string[]>));
    expect(fieldsOf(await owner.mutation("knowledge.add", { title: "Vide", text: "   " }))).toMatchObject({ text: ["Paste a text or choose a file"] });
    expect(fieldsOf(await owner.mutation("knowledge.add", { text: "Sans titre" }))).toMatchObject({ title: ["Give the text a title"] });
    expect(fieldsOf(await owner.mutation("knowledge.add", { file: { name: "contrat.docx", contentBase64: "AAAA" } }))).toMatchObject({ "file.name": ["Only .txt, .md and .pdf files"] });
    expect(await owner.mutation("knowledge.add", { file: { name: "faux.pdf", contentBase64: b64("not a pdf") } })).toMatchObject({ ok: false, code: "BAD_REQUEST", data: { appError: { code: "document_unsupported" } } });
    expect(await owner.mutation("knowledge.add", { file: { name: "vide.txt", contentBase64: "" } })).toMatchObject({ ok: false, code: "BAD_REQUEST", message: "No text found in this document" });
    expect(await owner.query("knowledge.search", { query: "" })).toMatchObject({ ok: false, code: "BAD_REQUEST" });
  });

  it("re-embeds chunks made by another embedder: skipped by search, job enqueued, then found again", async () => {
    const { id } = ok<{ id: string }>(await owner.mutation("knowledge.add", { title: "Parking", text: "Parking gratuit devant la boutique, trente places." }));
    await server.db.db.updateTable("knowledge_chunks").set({ embedder: "openai:text-embedding-3-small:1536", embedding: [0.1, 0.2] }).where("document_id", "=", id).execute();
    const stale = ok<Search>(await owner.query("knowledge.search", { query: "parking gratuit ?", k: 5 }));
    expect(stale.staleChunks).toBe(1);
    expect(stale.passages.map((p) => p.title)).not.toContain("Parking");
    const { rows } = await server.db.pool.query("select t.identifier as task_identifier, j.key from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id");
    expect(rows).toContainEqual({ task_identifier: "knowledge.reembed", key: `knowledge.reembed:${owner.workspaceId}` });
    expect(ok<Doc[]>(await owner.query("knowledge.list")).find((d) => d.title === "Parking")!.staleChunks).toBe(1);

    expect(await reembedChunks(server.db.db, server.ai.embedder, { workspaceId: owner.workspaceId! })).toBe(1);
    const fresh = ok<Search>(await owner.query("knowledge.search", { query: "parking gratuit ?", k: 1 }));
    expect(fresh).toMatchObject({ staleChunks: 0, passages: [{ title: "Parking", aboveThreshold: true }] });

    // A chunk of an older offline embedder version is embedded on the fly (no network, microseconds): found at once,
    // while it still counts as stale for the job that stores the new vector.
    await server.db.db.updateTable("knowledge_chunks").set({ embedder: "offline:hash-ngrams-v1:512" }).where("document_id", "=", id).execute();
    const older = ok<Search>(await owner.query("knowledge.search", { query: "parking gratuit ?", k: 1 }));
    expect(older).toMatchObject({ staleChunks: 1, passages: [{ title: "Parking", aboveThreshold: true }] });
  });

  it("refuses agents to add or remove, lets them search", async () => {
    const { token } = ok<{ token: string }>(await owner.mutation("apiTokens.create", { name: "agent", role: "agent" }));
    const agent = new ApiSession(server.url);
    expect(await agent.mutation("knowledge.add", { title: "x", text: "y" }, { authorization: `Bearer ${token}` })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    const res = await fetch(`${server.url}/trpc/knowledge.search?input=${encodeURIComponent(JSON.stringify({ json: { query: "parking" } }))}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });
});

describe("knowledge and try-it with the OpenAI-compatible provider (local stub)", () => {
  let stub: OpenAIStub;
  let server: TestServer;
  let owner: ApiSession;
  beforeAll(async () => {
    stub = await startOpenAIStub({ embeddingDimension: 64 });
    server = await startTestServer({
      ai: new OpenAIProvider({ apiKey: "sk-test", baseURL: stub.url, model: "stub-chat", embeddingModel: "stub-embed", embeddingDimensions: 64, timeoutMs: 10_000, retrievalThreshold: 0.15 }),
    });
    owner = await ApiSession.signup(server.url, { email: "openai@example.com" });
  });
  afterAll(async () => {
    await server.close();
    await stub.close();
  });

  it("embeds with the model, answers through it, and escalates on its errors", async () => {
    ok(await owner.mutation("knowledge.add", { title: "FAQ", text: FAQ }));
    const chunk = await server.db.db.selectFrom("knowledge_chunks").select(["embedder", "embedding"]).executeTakeFirstOrThrow();
    expect(chunk.embedder).toBe("openai:stub-embed:64");
    expect(chunk.embedding).toHaveLength(64);
    expect(stub.requests[0]!.body).toMatchObject({ model: "stub-embed", encoding_format: "float" });

    const d = ok<{ triage: string; reply: string; snapshot: { provider: string } }>(await owner.mutation("ai.test", { text: "Quels sont vos horaires d'ouverture ?" }));
    expect(d).toMatchObject({ triage: "AUTO_REPLY", snapshot: { provider: "openai:stub-chat" } });
    expect(stub.requests.some((r) => r.path === "/v1/chat/completions")).toBe(true);

    stub.onChat(() => ({ status: 500, json: { error: { message: "boom" } } }));
    const failed = ok<{ triage: string; reason: string; reply: string | null }>(await owner.mutation("ai.test", { text: "Quels sont vos horaires d'ouverture ?" }));
    expect(failed).toMatchObject({ triage: "ESCALATE", reply: null });
    expect(failed.reason).toMatch(/HTTP 500/);

    // The embedder is down while adding: the document is kept, its chunks wait for the re-embed job.
    stub.onEmbeddings(() => ({ status: 503, json: { error: { message: "down" } } }));
    const pending = ok<{ pending: boolean }>(await owner.mutation("knowledge.add", { title: "Parking", text: "Parking gratuit devant la boutique." }));
    expect(pending.pending).toBe(true);
    stub.onEmbeddings(null);
    expect(await reembedChunks(server.db.db, server.ai.embedder)).toBe(1);
  });
});
