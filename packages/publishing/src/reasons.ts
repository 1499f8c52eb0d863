/**
 * Why a publication is where it is (cancelled, stopped, partly delivered, its link still looked up…) and why a run
 * failed, as codes with parameters stored beside the English sentence (`status_reason_code` / `_params`,
 * `post_runs.error_code` / `error_params`): the SPA words them in the reader's language (`@sillage/api`'s registry
 * lists them as `publication.<code>`; a platform's refusal is `platform.<kind>` with Meta's words as `detail`).
 */
export const PUBLICATION_REASONS = {
  cancelled: "Cancelled on request before it went out.",
  skipped_late: "Skipped: Sillage could not publish it within {{minutes}} minutes of its time.",
  stopped_before_publishing: "Stopped on request before publishing: nothing was posted.",
  stopped_after_sending: "Stopped on request after sending to {{sent}} recipient(s); the others got nothing.",
  nobody_to_send: "Nobody to send to: no number was given and no contact has opted in to marketing messages.",
  sent_to_none: "Sent to none of the {{total}} recipients: {{failed}} failed, {{uncertain}} uncertain, {{skipped}} skipped.",
  sent_to_some: "Published to {{sent}} of {{total}} recipients: {{failed}} failed, {{uncertain}} uncertain (it may have arrived), {{skipped}} skipped.",
  link_pending: "Published on Instagram. Sillage is still looking up its link.",
  link_not_found: "Published on Instagram. Sillage could not find its link: open the account to see the post.",
  channel_disconnected: "Reconnect the {{platform}} channel: it is not connected any more.",
  internal_error: "Sillage hit an internal error while publishing. It will try again.",
} as const satisfies Record<string, string>;

export type PublicationReasonCode = keyof typeof PUBLICATION_REASONS;

/** A stored reason: `publication.<code>` or `platform.<kind>` (the API's registry), with its parameters. */
export interface PublicationReason {
  code: `publication.${PublicationReasonCode}` | `platform.${string}`;
  params: Record<string, string | number>;
}

export function publicationReason(code: PublicationReasonCode, params: Record<string, string | number> = {}): PublicationReason {
  return { code: `publication.${code}`, params };
}

/** The English sentence of one of our own reasons (what `status_reason` keeps for API clients). */
export function reasonText(code: PublicationReasonCode, params: Record<string, string | number> = {}): string {
  return PUBLICATION_REASONS[code].replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ""));
}

/** A platform's refusal: its kind worded by the SPA, Meta's own message kept as a detail. */
export function platformReason(kind: string, platform: string | undefined, detail: string | undefined): PublicationReason {
  return { code: `platform.${kind}`, params: { ...(platform ? { platform } : {}), ...(detail ? { detail } : {}) } };
}

/** The columns of a publication's status reason (all null: no reason). */
export function statusReasonColumns(text: string | null, reason: PublicationReason | null) {
  return { status_reason: text, status_reason_code: reason?.code ?? null, status_reason_params: reason ? JSON.stringify(reason.params) : null };
}
