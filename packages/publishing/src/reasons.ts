/**
 * Why a publication is where it is (cancelled, stopped, partly delivered, its link still looked up…) and why a run
 * failed, as codes with parameters stored beside the English sentence (`status_reason_code` / `_params`,
 * `post_runs.error_code` / `error_params`): the SPA words them in the reader's language (`@sillage/api`'s registry
 * lists them as `publication.<code>`; a platform's refusal is `platform.<kind>` with Meta's words as `detail`). The
 * codes are kept here; their FR/EN sentences live in @sillage/wording, one copy for the SPA, the e-mails and the API.
 */
import { publicationReasonOf, type PublicationReasonCode } from "@sillage/wording";
import { publicationReasons } from "@sillage/wording/en";

/** Every reason code with its English template: the API's registry (`publication.<code>`) and `status_reason`. */
export const PUBLICATION_REASONS = publicationReasons;

export type { PublicationReasonCode };

/**
 * Instagram's publishing subcodes (Meta's error table: container status `ERROR` with "error code 2207026", or a Graph
 * error's `error_subcode`) worded in the reader's language; whether each is retried is the connector's
 * classification (@sillage/connectors errors.ts). A subcode not listed is worded by its kind (`platform.<kind>`).
 */
export const INSTAGRAM_SUBCODE_REASONS: Readonly<Record<number, PublicationReasonCode>> = {
  2207027: "ig_media_not_ready",
  2207042: "ig_publish_limit",
  2207026: "ig_unsupported_video",
  2207009: "ig_aspect_ratio",
  36003: "ig_aspect_ratio",
  2207004: "ig_image_too_large",
  2207005: "ig_unsupported_format",
  2207010: "ig_caption_too_long",
  2207052: "ig_media_fetch_failed",
  2207003: "ig_media_fetch_failed",
  2207082: "ig_media_fetch_failed",
  2207006: "ig_media_not_found",
  2207001: "ig_server_error",
  2207051: "ig_spam_restricted",
  2207050: "ig_account_restricted",
  2207008: "ig_container_expired",
  2207020: "ig_media_expired",
  2207032: "ig_container_failed",
  2207053: "ig_video_upload_failed",
  2207057: "ig_thumb_offset",
};

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
  return publicationReasonOf("en", `publication.${code}`, params) ?? code;
}

/** A platform's refusal: its kind worded by the SPA, Meta's own message kept as a detail. */
export function platformReason(kind: string, platform: string | undefined, detail: string | undefined): PublicationReason {
  return { code: `platform.${kind}`, params: { ...(platform ? { platform } : {}), ...(detail ? { detail } : {}) } };
}

/** The columns of a publication's status reason (all null: no reason). */
export function statusReasonColumns(text: string | null, reason: PublicationReason | null) {
  return { status_reason: text, status_reason_code: reason?.code ?? null, status_reason_params: reason ? JSON.stringify(reason.params) : null };
}
