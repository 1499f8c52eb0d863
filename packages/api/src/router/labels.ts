import { createLabel, deleteLabel, InboxError, listLabels, setConversationLabel, updateLabel } from "@sillage/inbox";
import { apiError, fieldIssue } from "../error-codes";
import { oneLineNameSchema } from "@sillage/validators";
import { z } from "zod";
import { createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

const labelName = oneLineNameSchema({ max: 40 });
/** A CSS hex colour, stored lower-case (`#1f9d55`). */
const labelColour = z
  .string()
  .max(7)
  .refine((c) => /^#[0-9a-fA-F]{6}$/.test(c), fieldIssue("colour_format"))
  .transform((c) => c.toLowerCase());

function asTrpc(err: unknown): never {
  if (err instanceof InboxError && err.refusal === "label_taken") throw apiError("CONFLICT", "label_taken", {}, err);
  throw err;
}

const notFound = (code: "label_not_found" | "label_or_conversation_not_found") => apiError("NOT_FOUND", code);

/** The workspace's labels (every member reads them and puts them on conversations; admins manage them). */
export const labelsRouter = createTRPCRouter({
  list: workspaceProcedure.query(({ ctx }) => listLabels(ctx.db)),

  create: workspaceProcedure.input(z.object({ name: labelName, colour: labelColour })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    return createLabel(ctx.db, ctx.workspace.id, input).catch(asTrpc);
  }),

  update: workspaceProcedure
    .input(z.object({ id: z.uuid(), name: labelName.optional(), colour: labelColour.optional() }))
    .mutation(async ({ ctx, input }) => {
      requireRole(ctx.workspace, "admin");
      const { id, ...set } = input;
      const label = await updateLabel(ctx.db, id, set).catch(asTrpc);
      if (!label) throw notFound("label_not_found");
      return label;
    }),

  /** Deletes the label and takes it off every conversation. */
  delete: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    if (!(await deleteLabel(ctx.db, input.id))) throw notFound("label_not_found");
    return { id: input.id, deleted: true };
  }),

  /** Puts a label on a conversation (`on: true`) or takes it off; returns the conversation's labels. */
  setOnConversation: workspaceProcedure
    .input(z.object({ conversationId: z.uuid(), labelId: z.uuid(), on: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const labels = await setConversationLabel(ctx.db, ctx.workspace.id, input.conversationId, input.labelId, input.on);
      if (!labels) throw notFound("label_or_conversation_not_found");
      return { conversationId: input.conversationId, labels };
    }),
});
