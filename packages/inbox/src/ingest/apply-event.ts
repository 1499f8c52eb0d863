// One event, to the applier of its kind; an event no workspace owns is kept as unknown.
import type { WebhookEvent } from "@sillage/connectors";
import { webhookVerdicts } from "@sillage/observability";
import type { InboxDeps } from "../deps";
import { toMessageType } from "../model";
import { applyComment } from "./appliers/comments";
import { applyDeleted } from "./appliers/deletions";
import { applyEcho } from "./appliers/echoes";
import { applyEdit } from "./appliers/edits";
import { alreadyApplied, applyIdentityChange } from "./appliers/identity";
import { ingestMessage } from "./appliers/messages";
import { applyReaction } from "./appliers/reactions";
import { applyRead, applyStatus } from "./appliers/statuses";
import { applyThreadControl } from "./appliers/thread-control";
import { keepUnknown } from "./appliers/unknown";
import type { Router, Trx } from "./routing";

export type Applied = "message" | "unknown" | "other";

/** A message delivered in standby (another app controls the thread) keeps the mark: never answered automatically. */
const standby = (e: { standby?: true }) => (e.standby ? { standby: true } : {});

export async function applyEvent(trx: Trx, deps: InboxDeps, router: Router, deliveryId: number | null, e: WebhookEvent): Promise<Applied> {
  if (e.type === "unknown") {
    const ch = e.platform ? await router.channel(e.platform, e.accountId) : null;
    await keepUnknown(trx, deliveryId, ch?.workspaceId ?? null, e.platform ?? "unknown", "unknown", e.reason, e.accountId, e.field, e.raw);
    return "unknown";
  }
  const ch = await router.channel(e.platform, e.accountId);
  if (!ch) {
    // An account no workspace owns (any more): kept for operators, not guessed.
    await keepUnknown(trx, deliveryId, null, e.platform, e.type, "no channel for this account", e.accountId, null, e);
    // Counted when applied (signature and storage come first): the webhook's verdicts of /metrics include it.
    webhookVerdicts.inc({ platform: e.platform, verdict: "unknown_account" });
    return "unknown";
  }
  switch (e.type) {
    case "message": {
      // A replayed number change must not bring the old identifier back as a new, empty contact.
      if (e.identityChange && (await alreadyApplied(trx, ch, e.messageId))) return "other";
      const fresh = await ingestMessage(trx, deps, ch, {
        platformMessageId: e.messageId,
        from: e.from,
        type: toMessageType(e.messageType),
        text: e.text,
        attachments: e.attachments,
        replyTo: e.replyToMessageId,
        timestamp: new Date(e.timestamp),
        raw: { messageType: e.messageType, ...(e.extra ? { extra: e.extra } : {}), ...(e.errors ? { errors: e.errors } : {}), ...standby(e) },
        // WhatsApp's `system` messages are notices from WhatsApp, not the customer writing.
        author: e.platform === "whatsapp" && e.messageType === "system" ? "system" : "customer",
      });
      // The notice stays in the conversation it concerns; then the contact answers to its new identifier.
      if (fresh && e.identityChange) await applyIdentityChange(trx, ch, e.identityChange);
      return fresh ? "message" : "other";
    }
    case "postback":
      return (await ingestMessage(trx, deps, ch, {
        platformMessageId: e.messageId ?? `postback:${e.from.id}:${e.timestamp}`,
        from: e.from,
        type: "text",
        text: e.title ?? e.payload,
        attachments: [],
        replyTo: null,
        timestamp: new Date(e.timestamp),
        raw: { messageType: "postback", payload: e.payload, ...(e.referral ? { extra: { referral: e.referral } } : {}), ...standby(e) },
      }))
        ? "message"
        : "other";
    case "referral":
      // Where the customer came from (an ig.me link, an ad): a notice in their conversation, shown but not the customer
      // writing, so it opens no window and goes to no triage. Meta names it by nothing but sender and time.
      return (await ingestMessage(trx, deps, ch, {
        platformMessageId: `referral:${e.from.id}:${new Date(e.timestamp).getTime()}`,
        from: e.from,
        type: "other",
        text: null,
        attachments: [],
        replyTo: null,
        timestamp: new Date(e.timestamp),
        raw: { messageType: "referral", extra: { referral: e.referral } },
        author: "system",
      }))
        ? "message"
        : "other";
    case "message_status":
      await applyStatus(trx, deps, ch, e);
      return "other";
    case "echo":
      await applyEcho(trx, deps, ch, e);
      return "other";
    case "reaction":
      await applyReaction(trx, ch, e);
      return "other";
    case "read":
      await applyRead(trx, ch, e);
      return "other";
    case "message_deleted":
      if (await applyDeleted(trx, deps, ch, e)) return "other";
      await keepUnknown(trx, deliveryId, ch.workspaceId, e.platform, e.type, "the account unsent a message Sillage does not have", e.accountId, null, e);
      return "unknown";
    case "message_edited":
      await applyEdit(trx, ch, e);
      return "other";
    case "comment":
      await applyComment(trx, deliveryId, ch, e);
      return "other";
    case "thread_control":
      // A request for the thread changes nothing here (Sillage cannot pass it): kept for operators.
      if (e.owner === "unchanged") {
        await keepUnknown(trx, deliveryId, ch.workspaceId, e.platform, e.type, "another app requests the thread (handover protocol)", e.accountId, "messaging_handovers", e);
        return "unknown";
      }
      await applyThreadControl(trx, ch, e);
      return "other";
    case "system_error":
      await keepUnknown(trx, deliveryId, ch.workspaceId, e.platform, "system_error", e.errors.map((x) => x.message).join("; "), e.accountId, null, e);
      return "unknown";
  }
}
