import {
  createSavedReply,
  deleteSavedReply,
  listSavedReplies,
  SAVED_REPLY_VARIABLES,
  savedRepliesFor,
  unknownSavedReplyVariables,
  updateSavedReply,
} from "@sillage/inbox";
import { multiLineTextSchema, oneLineNameSchema } from "@sillage/validators";
import { z } from "zod";
import { invalidInput } from "../input-errors";
import { apiError, codedIssue, fieldIssue } from "../error-codes";
import { createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

const savedReplyInput = z.object({
  title: oneLineNameSchema({ max: 100 }),
  // Typed after `/` in the reply box: lower-case letters, digits, `-` and `_`; a leading `/` is dropped.
  shortcut: z
    .string()
    .trim()
    .max(41)
    .transform((s) => s.replace(/^\//, "").toLowerCase())
    .pipe(
      z
        .string()
        .max(40)
        .refine((s) => /^[a-z0-9][a-z0-9_-]{0,39}$/.test(s), fieldIssue("shortcut_format")),
    ),
  body: multiLineTextSchema({ max: 4096, min: 1, trim: true })
    .superRefine((body, ctx) => {
      const unknown = unknownSavedReplyVariables(body);
      if (unknown.length) ctx.addIssue({ code: "custom", ...fieldIssue("saved_reply_variable", { names: unknown.map((n) => `{{${n}}}`).join(", "), known: Object.keys(SAVED_REPLY_VARIABLES).map((n) => `{{${n}}}`).join(", ") }) });
    }),
});

/** Saved replies and their variables (appended to docs/api.md). */
export const savedRepliesDoc = [
  "## Saved replies (`savedReplies.*`)",
  "",
  "A workspace's canned answers: `title`, `shortcut` (1 to 40 lower-case letters, digits, `-`, `_`; unique in the",
  "workspace; a leading `/` is dropped and letters lower-cased) and `body`. Admins `create`, `update` and `remove` them;",
  "every member reads `list` (bodies as written) and `forConversation({ conversationId })`, each reply with `text`, its",
  "body filled for that conversation. Variables, French or English name: `{{prenom}}` / `{{first_name}}` (the",
  "customer's first name), `{{nom}}` / `{{name}}` (their full name), `{{agent}}` (the caller's name), `{{boutique}}` /",
  "`{{shop}}` (the workspace's name); any other name is refused with a field error on `body`. An unknown value (no",
  "customer name, an API token as the agent) is left out with the space before it: `Bonjour {{prenom}}, merci` becomes",
  "`Bonjour, merci`. A shortcut already used is a field error on `shortcut`.",
];

const shortcutTaken = () => invalidInput([{ path: "shortcut", ...codedIssue("shortcut_taken") }]);

/** Saved replies (canned answers): every member reads and inserts them, admins write them. */
export const savedRepliesRouter = createTRPCRouter({
  /** The workspace's saved replies, bodies unfilled (the settings list), by shortcut. */
  list: workspaceProcedure.query(({ ctx }) => listSavedReplies(ctx.db)),

  /** The saved replies with `text`, each body filled for this conversation (customer, agent, shop): the reply box's picker. */
  forConversation: workspaceProcedure.input(z.object({ conversationId: z.uuid() })).query(async ({ ctx, input }) => {
    const replies = await savedRepliesFor(ctx.db, input.conversationId, ctx.auth.kind === "session" ? ctx.auth.userId : null);
    if (!replies) throw apiError("NOT_FOUND", "conversation_not_found");
    return replies;
  }),

  create: workspaceProcedure.input(savedReplyInput).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    const created = await createSavedReply(ctx.db, ctx.workspace.id, ctx.auth.kind === "session" ? ctx.auth.userId : null, input);
    if (!created) throw shortcutTaken();
    return created;
  }),

  update: workspaceProcedure.input(savedReplyInput.extend({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    const { id, ...change } = input;
    const updated = await updateSavedReply(ctx.db, id, change, ctx.clock.now());
    if (updated === "not_found") throw apiError("NOT_FOUND", "saved_reply_not_found");
    if (updated === "shortcut_taken") throw shortcutTaken();
    return updated;
  }),

  remove: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    if (!(await deleteSavedReply(ctx.db, input.id))) throw apiError("NOT_FOUND", "saved_reply_not_found");
    return { id: input.id, removed: true };
  }),
});
