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
  // Instagram's publishing refusals, one per 2207xxx subcode family (INSTAGRAM_SUBCODE_REASONS).
  ig_media_not_ready: "Instagram was still processing the media when it was published. Sillage will try again.",
  ig_publish_limit: "Instagram's limit of API-published posts per 24 hours is reached. The post will go out when the limit allows.",
  ig_unsupported_video: "Instagram refused the video: check its codec (H.264 MP4 or MOV), length and size.",
  ig_aspect_ratio: "Instagram refused the image's shape: feed images must be between 4:5 (portrait) and 1.91:1 (landscape).",
  ig_image_too_large: "Instagram refused the image: it is larger than 8 MB.",
  ig_unsupported_format: "Instagram refused the file format: images must be JPEG, videos MP4 or MOV.",
  ig_caption_too_long: "Instagram refused the caption: at most 2,200 characters, 30 hashtags and 20 @mentions.",
  ig_media_fetch_failed: "Instagram could not download the media from Sillage. Sillage will try again.",
  ig_media_not_found: "Instagram could not find the media (it may have expired). Upload it again.",
  ig_server_error: "Instagram had a server error. Sillage will try again.",
  ig_spam_restricted: "Instagram restricted this publication as suspected spam. Check the account in the Instagram app before posting again.",
  ig_account_restricted: "The Instagram account is restricted. Check it in the Instagram app.",
  ig_container_expired: "The prepared Instagram post expired before it was published (24 hours). Sillage prepares it again.",
  ig_media_expired: "The media Instagram downloaded has expired. Sillage prepares the post again.",
  ig_container_failed: "Instagram could not prepare the post. Sillage will try again.",
  ig_video_upload_failed: "Instagram hit an unknown error uploading the video. Sillage prepares the post again.",
  ig_thumb_offset: "The reel's cover frame is beyond the end of the video.",
} as const satisfies Record<string, string>;

export type PublicationReasonCode = keyof typeof PUBLICATION_REASONS;

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
