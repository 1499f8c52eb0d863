import { cleanText, multiLineTextSchema, oneLineNameSchema } from "@sillage/validators";
import { extractDocumentText, UnsupportedDocumentError, type DocumentKind } from "@sillage/triage";
import { queueReembed } from "@sillage/triage/jobs";
import { addKnowledgeDocument, listKnowledgeDocuments, loadKnowledgeIndex, MAX_DOCUMENT_CHARS, removeKnowledgeDocument } from "@sillage/triage/store";
import { z } from "zod";
import { apiError, fieldIssue } from "../error-codes";
import { gate } from "../billing-gate";
import { createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

const MAX_FILE_BYTES = 5 * 1024 * 1024;
const FILE_KINDS: Record<string, DocumentKind> = { txt: "txt", md: "md", markdown: "md", pdf: "pdf" };

const addInput = z
  .object({
    title: oneLineNameSchema({ max: 200 }).optional(),
    text: multiLineTextSchema({ max: MAX_DOCUMENT_CHARS }).optional(),
    format: z.enum(["text", "markdown"]).default("text"),
    file: z
      .object({
        name: oneLineNameSchema({ max: 200 }).refine((n) => /\.(txt|md|markdown|pdf)$/i.test(n), fieldIssue("knowledge_file_type")),
        contentBase64: z
          .string()
          .max(Math.ceil((MAX_FILE_BYTES * 4) / 3) + 4, "At most 5 MB")
          .regex(/^[A-Za-z0-9+/=\s]*$/, "Not base64"),
      })
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.file && !v.text?.trim()) ctx.addIssue({ code: "custom", path: ["text"], ...fieldIssue("knowledge_text_or_file") });
    if (v.file && v.text) ctx.addIssue({ code: "custom", path: ["file"], ...fieldIssue("knowledge_not_both") });
    if (!v.file && !v.title) ctx.addIssue({ code: "custom", path: ["title"], ...fieldIssue("knowledge_title") });
  });

export const knowledgeRouter = createTRPCRouter({
  /** Documents of the knowledge base, newest first, with their chunk counts. */
  list: workspaceProcedure.query(({ ctx }) => listKnowledgeDocuments(ctx.db, ctx.ai.embedder.id)),

  /** Adds a text, a markdown text, or an uploaded .txt / .md / .pdf (base64): chunked with overlap and embedded. */
  add: workspaceProcedure.input(addInput).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    let kind: DocumentKind;
    let text: string;
    let title = input.title;
    try {
      if (input.file) {
        const ext = input.file.name.split(".").pop()!.toLowerCase();
        kind = FILE_KINDS[ext]!;
        const bytes = Buffer.from(input.file.contentBase64, "base64");
        if (bytes.length > MAX_FILE_BYTES) throw apiError("PAYLOAD_TOO_LARGE", "file_too_large", { mb: 5 });
        text = await extractDocumentText(kind, new Uint8Array(bytes));
        title ??= input.file.name.replace(/\.[^.]+$/, "");
      } else {
        kind = input.format;
        text = await extractDocumentText(kind, input.text!);
      }
    } catch (err) {
      if (err instanceof UnsupportedDocumentError) throw apiError("BAD_REQUEST", "document_unsupported", {}, err);
      throw err;
    }
    // Decoded bytes are text from outside too: a NUL in a file must not reach PostgreSQL.
    text = cleanText(text).trim();
    if (!text) throw apiError("BAD_REQUEST", "document_empty");
    if (text.length > MAX_DOCUMENT_CHARS) throw apiError("PAYLOAD_TOO_LARGE", "document_too_long", { max: MAX_DOCUMENT_CHARS });
    await gate(ctx, "knowledge", Buffer.byteLength(text, "utf8"));
    const created = await addKnowledgeDocument(ctx.db, ctx.ai.embedder, {
      workspaceId: ctx.workspace.id,
      title: title!,
      kind,
      text,
      createdBy: ctx.auth.kind === "session" ? ctx.auth.userId : null,
    });
    if (created.pending) await queueReembed(ctx.db, ctx.workspace.id);
    return created;
  }),

  remove: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    if (!(await removeKnowledgeDocument(ctx.db, input.id))) throw apiError("NOT_FOUND", "document_not_found");
    return { ok: true };
  }),

  /** Top-k passages by cosine similarity with the current embedder; stale chunks are re-embedded in the background. */
  search: workspaceProcedure
    .input(z.object({ query: z.string().trim().min(1).max(2000), k: z.number().int().min(1).max(20).default(5) }))
    .query(async ({ ctx, input }) => {
      const { index, stale } = await loadKnowledgeIndex(ctx.db, ctx.ai.embedder, ctx.workspace.id);
      if (stale) await queueReembed(ctx.db, ctx.workspace.id);
      let passages;
      try {
        passages = await index.search(input.query, input.k);
      } catch (err) {
        throw apiError("BAD_GATEWAY", "embedding_failed", {}, err);
      }
      return {
        threshold: ctx.ai.retrievalThreshold,
        embedder: ctx.ai.embedder.id,
        staleChunks: stale,
        passages: passages.map((p) => ({ ...p, score: Math.round(p.score * 1000) / 1000, aboveThreshold: p.score >= ctx.ai.retrievalThreshold })),
      };
    }),
});
