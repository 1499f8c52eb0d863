import { isMember } from "@sillage/accounts";
import { addNote, listMentions, listNotes } from "@sillage/inbox";
import { multiLineTextSchema } from "@sillage/validators";
import { z } from "zod";
import { invalidInput } from "../input-errors";
import { apiError, codedIssue } from "../error-codes";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const conversationId = z.object({ conversationId: z.uuid() });

/** Internal notes on a conversation, as `notes.*` say (appended to docs/api.md). */
export const notesDoc = [
  "## Internal notes (`notes.*`)",
  "",
  "A note is written by a member on a conversation for the team: it is never sent to the customer (it does not go",
  "through the send path). `notes.add` takes `mentionedUserIds`, members of the workspace it @mentions (anyone else is",
  "`BAD_REQUEST` at `mentionedUserIds`); it raises the live events `inbox.note` and, when someone is mentioned,",
  "`inbox.mention` (`{ conversationId, noteId, mentionedUserIds }`). `notes.mentions` lists the conversations not resolved",
  "where a note mentioned the signed-in member in the last 14 days (empty for an API token).",
];

export const notesRouter = createTRPCRouter({
  /** A conversation's internal notes, oldest first, with their author and the members they mention. */
  list: workspaceProcedure.input(conversationId).query(async ({ ctx, input }) => {
    const notes = await listNotes(ctx.db, input.conversationId);
    if (!notes) throw apiError("NOT_FOUND", "conversation_not_found");
    return notes;
  }),

  /** Writes a note for the team, never sent to the customer; mentioned members are told live. */
  add: workspaceProcedure
    .input(
      conversationId.extend({
        text: multiLineTextSchema({ max: 4096, min: 1, trim: true }),
        mentionedUserIds: z.array(z.uuid()).max(20).default([]),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      for (const [i, userId] of input.mentionedUserIds.entries()) {
        if (!(await isMember(ctx.db, userId))) throw invalidInput([{ path: ["mentionedUserIds", i], ...codedIssue("not_a_member") }]);
      }
      const note = await addNote(ctx.db, ctx.workspace.id, {
        conversationId: input.conversationId,
        authorUserId: ctx.auth.kind === "session" ? ctx.auth.userId : null,
        text: input.text,
        mentionedUserIds: input.mentionedUserIds,
      });
      if (!note) throw apiError("NOT_FOUND", "conversation_not_found");
      return note;
    }),

  /** Conversations where a note mentioned the signed-in member lately (the list's "mentioned" mark). */
  mentions: workspaceProcedure.query(async ({ ctx }) => {
    if (ctx.auth.kind !== "session") return [];
    return listMentions(ctx.db, ctx.auth.userId, ctx.clock.now());
  }),
});
