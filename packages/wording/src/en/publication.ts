/**
 * Why a publication is where it is and why a run failed (@sillage/publishing stores `publication.<code>` with its
 * parameters), in English: whole sentences with `{{param}}` slots. The SPA shows them (`serverErrors.publication.*`),
 * the e-mails of failed posts carry them and publishing keeps them as `status_reason` for API clients; fr/publication.ts
 * has the same keys.
 */
// No sentence promises a retry: the run's status says whether one is planned, and a final failure's e-mail quotes
// the same sentence.
export const publicationReasons = {
  cancelled: "Cancelled on request before it went out.",
  skipped_late: "Skipped: Sillage could not publish it within {{minutes}} minutes of its time.",
  stopped_before_publishing: "Stopped on request before publishing: nothing was posted.",
  stopped_after_sending: "Stopped on request after sending to {{sentRecipients}}; the others got nothing.",
  nobody_to_send: "Nobody to send to: no number was given and no contact has opted in to marketing messages.",
  sent_to_none: "Sent to none of the {{recipients}}: {{notSent}}.",
  sent_to_some: "Published to {{sent}} of {{recipients}}: {{notSent}}.",
  link_pending: "Published on Instagram. Sillage is still looking up its link.",
  link_not_found: "Published on Instagram. Sillage could not find its link: open the account to see the post.",
  channel_disconnected: "Reconnect the {{platform}} channel: it is not connected any more.",
  internal_error: "Sillage hit an internal error while publishing.",
  // Instagram's publishing refusals, one per 2207xxx subcode family (INSTAGRAM_SUBCODE_REASONS).
  ig_media_not_ready: "Instagram was still processing the media when it was published.",
  ig_publish_limit: "Instagram's limit of API-published posts per 24 hours is reached. The post will go out when the limit allows.",
  ig_unsupported_video: "Instagram refused the video: check its codec (H.264 MP4 or MOV), length and size.",
  ig_aspect_ratio: "Instagram refused the image's shape: feed images must be between 4:5 (portrait) and 1.91:1 (landscape).",
  ig_image_too_large: "Instagram refused the image: it is larger than 8 MB.",
  ig_unsupported_format: "Instagram refused the file format: images must be JPEG, videos MP4 or MOV.",
  ig_caption_too_long: "Instagram refused the caption: at most 2,200 characters, 30 hashtags and 20 @mentions.",
  ig_media_fetch_failed: "Instagram could not download the media from Sillage.",
  ig_media_not_found: "Instagram could not find the media (it may have expired). Upload it again.",
  ig_server_error: "Instagram had a server error.",
  ig_spam_restricted: "Instagram restricted this publication as suspected spam. Check the account in the Instagram app before posting again.",
  ig_account_restricted: "The Instagram account is restricted. Check it in the Instagram app.",
  ig_container_expired: "The prepared Instagram post expired before it was published (24 hours). Sillage prepares it again.",
  ig_media_expired: "The media Instagram downloaded has expired. Sillage prepares the post again.",
  ig_container_failed: "Instagram could not prepare the post.",
  ig_video_upload_failed: "Instagram hit an unknown error uploading the video. Sillage prepares the post again.",
  ig_thumb_offset: "The reel's cover frame is beyond the end of the video.",
};
