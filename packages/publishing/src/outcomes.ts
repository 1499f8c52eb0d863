/**
 * What a WhatsApp broadcast did, recipient by recipient, in words: read from its saved progress for `posts.get`, and
 * summed up for the publication's status reason as counts (`sent_to_some`, worded by @sillage/wording: "Published to 2
 * of 3 recipients: 1 failed.").
 */
import type { RecipientOutcome } from "@sillage/connectors";
import { sql, type Database, type ScopedDb } from "@sillage/db";
import { publicationReason, reasonText, type PublicationReason } from "./reasons";

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

export const MAX_LISTED_RECIPIENTS = 200;

const SKIP_REASONS: Record<Extract<RecipientOutcome, { status: "skipped" }>["reason"], string> = {
  opted_out: "Opted out of marketing messages.",
  invalid: "Not a valid phone number.",
  window_closed: "More than 24 hours since they last wrote: only a template can reach them.",
};

const ORDER: Record<RecipientStatus, number> = { failed: 0, uncertain: 1, skipped: 2, sent: 3 };

export function recipientOutcome(to: string, o: RecipientOutcome): BroadcastRecipientOutcome {
  switch (o.status) {
    case "sent":
      return { to, status: "sent", reason: null, reasonCode: null, messageId: o.wamid || null, at: o.at };
    case "skipped":
      return { to, status: "skipped", reason: SKIP_REASONS[o.reason], reasonCode: o.reason, messageId: null, at: o.at };
    default:
      return { to, status: o.status, reason: o.error.userMessage, reasonCode: o.error.kind, messageId: null, at: o.at };
  }
}

type Db = Database | ScopedDb;

/**
 * The delivery of each WhatsApp broadcast among `publicationIds` (others are absent): counts per outcome and the
 * first recipients, not-sent first. Counted and cut in PostgreSQL, so a series of broadcasts to thousands of people
 * does not ship every outcome to the API.
 */
export async function loadDeliveries(db: Db, publicationIds: string[]): Promise<Map<string, BroadcastDelivery>> {
  const deliveries = new Map<string, BroadcastDelivery>();
  if (!publicationIds.length) return deliveries;
  const { rows: counts } = await sql<{ id: string; total: number | null; status: RecipientStatus | null; n: number }>`
    select p.id, (p.progress->>'total')::int as total, r.value->>'status' as status, count(r.key)::int as n
    from post_publications p left join lateral jsonb_each(p.progress->'results') r on true
    where p.id = any(${publicationIds}::uuid[]) and p.progress->>'platform' = 'whatsapp'
    group by 1, 2, 3`.execute(db);
  const { rows: listed } = await sql<{ id: string; to: string; outcome: RecipientOutcome }>`
    select id, "to", outcome from (
      select p.id, r.key as "to", r.value as outcome,
        row_number() over (partition by p.id order by case r.value->>'status' when 'failed' then 0 when 'uncertain' then 1
          when 'skipped' then 2 else 3 end, r.value->>'at', r.key) as rank
      from post_publications p, jsonb_each(p.progress->'results') r
      where p.id = any(${publicationIds}::uuid[]) and p.progress->>'platform' = 'whatsapp') x
    where rank <= ${MAX_LISTED_RECIPIENTS}
    order by id, rank`.execute(db);
  for (const c of counts) {
    const d = deliveries.get(c.id) ?? { summary: { sent: 0, failed: 0, uncertain: 0, skipped: 0, pending: 0, total: 0 }, recipients: [], truncated: false };
    if (c.status && c.status in ORDER) d.summary[c.status] += c.n;
    d.summary.total = Math.max(c.total ?? 0, d.summary.total);
    deliveries.set(c.id, d);
  }
  for (const r of listed) deliveries.get(r.id)?.recipients.push(recipientOutcome(r.to, r.outcome));
  for (const d of deliveries.values()) {
    const s = d.summary;
    const settled = s.sent + s.failed + s.uncertain + s.skipped;
    s.total = Math.max(s.total, settled);
    s.pending = s.total - settled;
    d.truncated = settled > d.recipients.length;
  }
  return deliveries;
}

/** The status reason of a finished broadcast: null when it reached everyone. */
export function deliveryReason(s: Omit<BroadcastSummary, "total"> & { total?: number }): string | null {
  return deliveryReasonOf(s)?.text ?? null;
}

/** The same with its code and counts (what the SPA words in the reader's language). */
export function deliveryReasonOf(s: Omit<BroadcastSummary, "total"> & { total?: number }): { text: string; reason: PublicationReason } | null {
  const total = s.total ?? s.sent + s.failed + s.uncertain + s.skipped + s.pending;
  const counts = { sent: s.sent, total, failed: s.failed, uncertain: s.uncertain, skipped: s.skipped };
  if (total === 0) return { text: reasonText("nobody_to_send"), reason: publicationReason("nobody_to_send") };
  if (s.sent === total) return null;
  // Counts only: the sentences (the English one kept for API clients included) are @sillage/wording's.
  const code = s.sent === 0 && s.uncertain === 0 ? "sent_to_none" : "sent_to_some";
  return { text: reasonText(code, counts), reason: publicationReason(code, counts) };
}

/** A finished broadcast that reached nobody (not even possibly): it failed, whatever the platform answered. */
export function reachedNobody(s: { sent: number; uncertain: number } | undefined): boolean {
  return s !== undefined && s.sent === 0 && s.uncertain === 0;
}
