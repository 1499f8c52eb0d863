import { InboxError, listFailedOutbound, retryFailedOutbound } from "@sillage/inbox";
import { listPublications } from "@sillage/publishing";
import { apiError } from "../error-codes";
import { inboxErrorToApi } from "../inbox-errors";
import { z } from "zod";
import { createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

/**
 * What did not go out, for the workspace's admins (the failures page): failed publications (retried with
 * `posts.retry`) and failed replies (`failures.retryReply`). Read-only apart from that retry.
 */
export const failuresRouter = createTRPCRouter({
  /**
   * Failed publications due in the last 30 days (up to 100, newest first) and failed replies (newest 100); a post
   * shows its 80-character excerpt, a reply only its error.
   */
  list: workspaceProcedure.query(async ({ ctx }) => {
    requireRole(ctx.workspace, "admin");
    const [publications, replies] = await Promise.all([
      listPublications(ctx.db, { status: ["failed"], from: new Date(ctx.clock.now().getTime() - 30 * 86_400_000), limit: 100 }),
      listFailedOutbound(ctx.db, 100),
    ]);
    return { publications: publications.items.slice().reverse(), replies };
  }),

  /**
   * Sends a failed reply again after the usual checks (reply window, channel, takeover). `uncertain` when its first
   * try may have reached the customer: it is not sent twice from here.
   */
  retryReply: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    try {
      const result = await retryFailedOutbound(ctx.db, ctx, ctx.workspace.id, input.id);
      if (result === "not_failed") throw apiError("PRECONDITION_FAILED", "reply_retry_failed_only");
      return { result };
    } catch (err) {
      throw inboxErrorToApi(err, err instanceof InboxError && err.code !== "not_found" ? "PRECONDITION_FAILED" : undefined);
    }
  }),
});
