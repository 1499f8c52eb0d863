/**
 * Why a platform call failed for good, by its error class (@sillage/connectors' `PlatformErrorClass`, stored as a
 * publication's or a channel's `error_class`), in English: the clause after "could not be published: ". Read by the
 * SPA (`notifications.reasons.*`) and by the notification e-mails, one copy for both (fr/failures.ts has the same keys).
 */
export const failureReasons = {
  unknown: "reason unknown",
  retryable: "Instagram or WhatsApp had trouble and every retry failed",
  rate_limited: "Meta slowed us down and every retry failed",
  auth_expired: "the channel's access expired: reconnect it",
  permission: "the channel lacks a permission",
  invalid_input: "Meta refused the post's content",
  invalid_media: "the image or video was refused (size, format or shape)",
  policy: "Meta's policies blocked it",
  quota: "the daily publishing limit is used up",
  duplicate: "Meta refused it as a duplicate",
  undeliverable: "no recipient could receive it",
  not_found: "something it needs no longer exists",
  channel_unavailable: "the channel is not connected any more",
  internal: "Sillage hit an internal error",
  window_closed: "more than 24 hours have passed since the customer's last message",
  unsupported: "Meta does not allow this action",
  malformed: "Meta sent an unexpected answer",
  timeout: "Meta did not answer in time",
  network: "Meta could not be reached",
  circuit_open: "the channel kept failing, so calls are paused for a moment",
  billing_limit_reached: "this month's posts on your plan are used up",
};
