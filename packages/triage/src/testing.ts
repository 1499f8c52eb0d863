/**
 * Test helpers (not for production code): a local OpenAI-compatible HTTP stub and a minimal PDF writer.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { OfflineEmbedder } from "./embedding";

export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

export interface StubResponse {
  status?: number;
  json?: unknown;
  /** Sent as is (for malformed bodies). */
  raw?: string;
  delayMs?: number;
}

export interface OpenAIStub {
  url: string;
  requests: StubRequest[];
  /** Replaces the answer of chat completions (the default answers AUTO_REPLY citing the first passage). */
  onChat(fn: ((req: StubRequest) => StubResponse) | null): void;
  onEmbeddings(fn: ((req: StubRequest) => StubResponse) | null): void;
  close(): Promise<void>;
}

/** The content a chat completion would carry. */
export function chatCompletion(content: string | null): unknown {
  return {
    id: "chatcmpl-stub",
    object: "chat.completion",
    created: 0,
    model: "stub-model",
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

export async function startOpenAIStub(opts: { embeddingDimension?: number } = {}): Promise<OpenAIStub> {
  const embedder = new OfflineEmbedder(opts.embeddingDimension ?? 64);
  const requests: StubRequest[] = [];
  let chat: ((req: StubRequest) => StubResponse) | null = null;
  let embeddings: ((req: StubRequest) => StubResponse) | null = null;

  const defaultChat = (req: StubRequest): StubResponse => {
    const messages = req.body.messages as { role: string; content: string }[];
    const user = JSON.parse(messages.find((m) => m.role === "user")?.content ?? "{}") as { language?: string; passages?: { id: string; text: string }[] };
    const first = user.passages?.[0];
    const answer = first
      ? { triage: "AUTO_REPLY", confidence: 0.9, reason: "found in the knowledge base", reply: user.language === "en" ? `Hello! ${first.text}` : `Bonjour ! ${first.text}`, usedSources: [first.id] }
      : { triage: "ESCALATE", confidence: 0.2, reason: "no passage", reply: null, usedSources: [] };
    return { json: chatCompletion(JSON.stringify(answer)) };
  };
  const defaultEmbeddings = (req: StubRequest): StubResponse => {
    const input = req.body.input as string | string[];
    const texts = Array.isArray(input) ? input : [input];
    return {
      json: {
        object: "list",
        model: req.body.model,
        data: texts.map((t, index) => ({ object: "embedding", index, embedding: Array.from(embedder.embedOne(t)) })),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      },
    };
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const stubReq: StubRequest = { method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
      requests.push(stubReq);
      const path = stubReq.path.replace(/\?.*$/, "");
      const out = path.endsWith("/chat/completions")
        ? (chat ?? defaultChat)(stubReq)
        : path.endsWith("/embeddings")
          ? (embeddings ?? defaultEmbeddings)(stubReq)
          : { status: 404, json: { error: { message: "not found" } } };
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(out.status ?? 200, { "content-type": "application/json" });
        res.end(out.raw ?? JSON.stringify(out.json ?? {}));
      };
      if (out.delayMs) setTimeout(send, out.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    onChat: (fn) => (chat = fn),
    onEmbeddings: (fn) => (embeddings = fn),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A one-page PDF whose text is `lines` (Helvetica, ASCII only), with a correct cross-reference table. */
export function minimalPdf(lines: string[]): Uint8Array {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = `BT /F1 14 Tf 72 720 Td 18 TL ${lines.map((l) => `(${esc(l)}) Tj T*`).join(" ")} ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
