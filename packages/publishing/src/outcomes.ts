/**
 * What a WhatsApp broadcast did, recipient by recipient, in words: read from its saved progress for `posts.get`, and
 * summed up for the publication's status reason ("Published to 2 of 3 recipients: 1 failed").
 */
import type { RecipientOutcome, WhatsAppBroadcastProgress } from "@sillage/connectors";

export type RecipientStatus = RecipientOutcome["status"];

/** One recipient of a broadcast. */
export interface BroadcastRecipientOutcome {
  /** The number it went to (E.164 for posts created since numbers are normalised). */
  to: string;
  status: RecipientStatus;
  /** Why it was not sent, in words (null when sent). */
  reason: string | null;
  /** The same as a code: the platform's error kind (`undeliverable`, `timeout`…) or the skip reason (`opted_out`, `invalid`, `window_closed`). */
  reasonCode: string | null;
  /** WhatsApp's message id, when sent. */
  messageId: string | null;
  /** When it was settled (ISO). */
  at: string;
}

/** Counts per outcome; `pending` = not settled yet (`total` − the others). */
export interface BroadcastSummary {
  sent: number;
  failed: number;
  uncertain: number;
  skipped: number;
  pending: number;
  total: number;
}

export interface BroadcastDelivery {
  summary: BroadcastSummary;
  /** Not-sent recipients first (failed, uncertain, skipped), then sent ones; at most `MAX_LISTED_RECIPIENTS`. */
  recipients: BroadcastRecipientOutcome[];
  /** More recipients than listed (their counts are in `summary`). */
  truncated: boolean;
}

export const MAX_LISTED_RECIPIENTS = 1000;

const SKIP_REASONS: Record<Extract<RecipientOutcome, { status: "skipped" }>["reason"], string> = {
  opted_out: "Opted out of marketing messages.",
  invalid: "Not a valid phone number.",
  window_closed: "More than 24 hours since they last wrote: only a template can reach them.",
};

const ORDER: Record<RecipientStatus, number> = { failed: 0, uncertain: 1, skipped: 2, sent: 3 };

function outcomeOf(to: string, o: RecipientOutcome): BroadcastRecipientOutcome {
  switch (o.status) {
    case "sent":
      return { to, status: "sent", reason: null, reasonCode: null, messageId: o.wamid || null, at: o.at };
    case "skipped":
      return { to, status: "skipped", reason: SKIP_REASONS[o.reason], reasonCode: o.reason, messageId: null, at: o.at };
    default:
      return { to, status: o.status, reason: o.error.userMessage, reasonCode: o.error.kind, messageId: null, at: o.at };
  }
}

export function isBroadcastProgress(p: unknown): p is WhatsAppBroadcastProgress {
  return typeof p === "object" && p !== null && (p as { platform?: unknown }).platform === "whatsapp" && typeof (p as { results?: unknown }).results === "object";
}

/** The delivery of a broadcast from its saved progress; null for anything else (an Instagram post, not started). */
export function broadcastDelivery(progress: unknown): BroadcastDelivery | null {
  if (!isBroadcastProgress(progress)) return null;
  const all = Object.entries(progress.results).map(([to, o]) => outcomeOf(to, o));
  const summary = summarize(all.map((r) => r.status), progress.total);
  all.sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.at.localeCompare(b.at));
  return { summary, recipients: all.slice(0, MAX_LISTED_RECIPIENTS), truncated: all.length > MAX_LISTED_RECIPIENTS };
}

export function summarize(statuses: RecipientStatus[], total?: number): BroadcastSummary {
  const s = { sent: 0, failed: 0, uncertain: 0, skipped: 0 };
  for (const status of statuses) s[status]++;
  const settled = statuses.length;
  const all = Math.max(total ?? settled, settled);
  return { ...s, pending: all - settled, total: all };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "1 failed, 1 uncertain (it may have arrived), 2 skipped" — what did not plainly go out. */
function notSent(s: BroadcastSummary): string {
  return [
    s.failed ? `${s.failed} failed` : null,
    s.uncertain ? `${s.uncertain} uncertain (it may have arrived)` : null,
    s.skipped ? `${s.skipped} skipped` : null,
  ]
    .filter(Boolean)
    .join(", ");
}

/** The status reason of a finished broadcast: null when it reached everyone. */
export function deliveryReason(s: Omit<BroadcastSummary, "total"> & { total?: number }): string | null {
  const total = s.total ?? s.sent + s.failed + s.uncertain + s.skipped + s.pending;
  if (total === 0) return "Nobody to send to: no number was given and no contact has opted in to marketing messages.";
  if (s.sent === total) return null;
  if (s.sent === 0 && s.uncertain === 0) return `Sent to none of the ${plural(total, "recipient")}: ${notSent({ ...s, total })}.`;
  return `Published to ${s.sent} of ${plural(total, "recipient")}: ${notSent({ ...s, total })}.`;
}

/** A finished broadcast that reached nobody (not even possibly): it failed, whatever the platform answered. */
export function reachedNobody(s: { sent: number; uncertain: number } | undefined): boolean {
  return s !== undefined && s.sent === 0 && s.uncertain === 0;
}
