import { createLabel, deleteLabel, InboxError, listLabels, setConversationLabel, updateLabel } from "@sillage/inbox";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

const labelName = z.string().trim().min(1).max(40);
/** A CSS hex colour, stored lower-case (`#1f9d55`). */
const labelColour = z
  .string()
  .max(7)
  .regex(/^#[0-9a-fA-F]{6}$/, "A colour like #1f9d55")
  .transform((c) => c.toLowerCase());

function asTrpc(err: unknown): never {
  if (err instanceof InboxError && err.code === "invalid_input") throw new TRPCError({ code: "CONFLICT", message: err.message, cause: err });
  throw err;
}

const notFound = (what: string) => new TRPCError({ code: "NOT_FOUND", message: `${what} not found` });

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
      if (!label) throw notFound("Label");
      return label;
    }),

  /** Deletes the label and takes it off every conversation. */
  delete: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    if (!(await deleteLabel(ctx.db, input.id))) throw notFound("Label");
    return { id: input.id, deleted: true };
  }),

  /** Puts a label on a conversation (`on: true`) or takes it off; returns the conversation's labels. */
  setOnConversation: workspaceProcedure
    .input(z.object({ conversationId: z.uuid(), labelId: z.uuid(), on: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const labels = await setConversationLabel(ctx.db, ctx.workspace.id, input.conversationId, input.labelId, input.on);
      if (!labels) throw notFound("Conversation or label");
      return { conversationId: input.conversationId, labels };
    }),
});
