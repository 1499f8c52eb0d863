// Decide, then act, for one new customer comment (`comments.triage`): the same triage engine as DMs with the post's
// caption as context; the decision is stored once (`ai_decisions`, triage's) and marked on the comment in the same
// transaction; an AUTO_REPLY goes out publicly or privately (the matching rule says, else the workspace) through the
// inbox's one outbound path, whose gate checks the AI control again at send time; a comment a deny rule catches is
// hidden on Instagram when the workspace asked for it. Own comments and deleted ones are never triaged.

import type { Connectors } from "@sillage/connectors";
import type { SecretBox } from "@sillage/crypto";
import { raiseWorkspaceEvent, withWorkspace, type Database } from "@sillage/db";
import { commentReplyQueuedFor, decisionRefusedBy, InboxError } from "@sillage/inbox";
import type { ModelProvider } from "@sillage/triage";
import { queueReembed } from "@sillage/triage/jobs";
import { decideBatch, lockPendingDecision, recordDecisionOutcome, ruleCommentReplyMode } from "@sillage/triage/store";
import type { Clock } from "@sillage/time";
import { CommentActionError } from "./action-errors";
import { replyToComment, setCommentHidden } from "./actions";

export interface CommentTriageDeps {
  db: Database;
  clock: Clock;
  ai: ModelProvider;
  connectors: Connectors;
  secretBox: SecretBox;
  logger?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

export type CommentTriageResult =
  | { done: "skipped"; why: "missing" | "own" | "deleted" }
  | { done: "decided"; decisionId: string; triage: string; replied: "queued" | "refused" | "no"; hidden: boolean };

/** Idempotent: a retried job finds the stored decision and only finishes what is still undone (reply, hide). */
export async function triageComment(deps: CommentTriageDeps, payload: { workspaceId: string; commentId: string }): Promise<CommentTriageResult> {
  const { db } = deps;
  const { workspaceId, commentId } = payload;
  const loaded = await withWorkspace(db, workspaceId, async (trx) => {
    const comment = await trx
      .selectFrom("comments as c")
      .leftJoin("comment_posts as p", "p.id", "c.post_id")
      .select(["c.id", "c.own", "c.deleted_at as deletedAt", "c.hidden", "p.caption"])
      .where("c.id", "=", commentId)
      .executeTakeFirst();
    const settings = await trx
      .selectFrom("workspaces")
      .select(["comment_reply_mode as replyMode", "comment_hide_spam as hideSpam"])
      .where("id", "=", workspaceId)
      .executeTakeFirstOrThrow();
    return { comment, settings };
  });
  const { comment, settings } = loaded;
  if (!comment) return { done: "skipped", why: "missing" };
  // The business's own comments and replies are never triaged nor answered (no reply loops).
  if (comment.own) return { done: "skipped", why: "own" };
  if (comment.deletedAt) return { done: "skipped", why: "deleted" };

  const result = await decideBatch(db, { ai: deps.ai, clock: deps.clock }, { workspaceId, commentId, context: comment.caption }, async (trx, labels) => {
    await trx.updateTable("comments").set({ triage: labels.triage, confidence: labels.confidence, ai_decision_id: labels.decisionId }).where("id", "=", commentId).execute();
    // With the decision it announces: a retry finds the comment decided and would never raise it.
    await raiseWorkspaceEvent(trx, workspaceId, "comment.triaged", { commentId, decisionId: labels.decisionId, triage: labels.triage });
  });
  if (result.staleKnowledge) await queueReembed(db, workspaceId);
  const decision = result.decision;

  // Spam: a deny rule caught it and the workspace hides such comments.
  let hidden = comment.hidden;
  if (decision.triage === "IGNORE" && decision.reasonCode === "rule_deny" && settings.hideSpam && !comment.hidden) {
    const r = await withWorkspace(db, workspaceId, (trx) => setCommentHidden(trx, deps, { workspaceId, commentId, hidden: true }));
    hidden = r.ok;
    if (!r.ok) deps.logger?.warn({ commentId, reason: r.reason }, "spam comment not hidden");
  }

  const reply = decision.reply;
  const resumed = !result.created && decision.outcome === "pending";
  if (decision.triage !== "AUTO_REPLY" || !(result.send || resumed) || !reply) {
    return { done: "decided", decisionId: decision.id, triage: decision.triage, replied: "no", hidden };
  }
  const kind = (decision.ruleId ? await withWorkspace(db, workspaceId, (trx) => ruleCommentReplyMode(trx, decision.ruleId!)) : null) ?? (settings.replyMode === "private" ? "private" : "public");
  try {
    const queued = await withWorkspace(db, workspaceId, async (trx) => {
      // The decision's row lock makes queueing its reply a one-time act, whoever gets here first.
      if (!(await lockPendingDecision(trx, decision.id))) return false;
      if (await commentReplyQueuedFor(trx, decision.id)) return false;
      await replyToComment(trx, deps, { workspaceId, commentId, kind, text: reply, userId: null, automatic: true, aiDecisionId: decision.id });
      return true;
    });
    return { done: "decided", decisionId: decision.id, triage: decision.triage, replied: queued ? "queued" : "no", hidden };
  } catch (err) {
    if (!(err instanceof CommentActionError)) throw err;
    // Refused before queueing (AI off meanwhile, a person answered, a private reply already sent…): say why on the decision.
    const refused = decisionRefusedBy(err.source instanceof InboxError ? err.source : new InboxError("not_found", "unknown", { params: { message: err.message } }));
    // The outcome and its live event in one transaction: the retry finds the decision settled and would never raise it.
    await withWorkspace(db, workspaceId, async (trx) => {
      await recordDecisionOutcome(trx, decision.id, refused);
      await raiseWorkspaceEvent(trx, workspaceId, "comment.triaged", { commentId, decisionId: decision.id, triage: decision.triage, outcome: refused.outcome });
    });
    return { done: "decided", decisionId: decision.id, triage: decision.triage, replied: "refused", hidden };
  }
}
