export * from "./kinds";
export { findCandidates, scanAllWorkspaces, scanWorkspace, type Candidate, type ScanResult } from "./scan";
export { getPreferences, listNotifications, markRead, setPreferences, type NotificationItem, type Preference } from "./store";
export { digestJob, emailDeliverJob, notificationsCron, notificationsJobs, scanNotificationsJob, webhookDeliverJob } from "./jobs";
export {
  attemptWebhookDelivery,
  createWebhook,
  DELIVERY_ERROR_CODES,
  DELIVERY_STATUSES,
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  queueTestDelivery,
  redeliverWebhookDelivery,
  rotateWebhookSecret,
  signWebhook,
  updateWebhookUrl,
  WebhookUrlError,
  type DeliveryErrorCode,
  type DeliveryStatus,
  type WebhookSender,
} from "./webhooks";
export {
  checkWebhookUrl,
  pinnedLookup,
  STRICT_WEBHOOK_URL_POLICY,
  WEBHOOK_URL_REFUSALS,
  webhookUrlPolicy,
  type ResolvedAddress,
  type WebhookResolver,
  type WebhookUrlCheck,
  type WebhookUrlPolicy,
  type WebhookUrlRefusal,
} from "./webhook-url";
export { createSmtpMailer, deliverNotificationEmails, quietUntil, type EmailOutcome, type Mailer, type MailMessage } from "./email";
export type { NotificationServices } from "./jobs/email";
export { digestSlot, sendDueDigests, type DigestOutcome } from "./digest";
export {
  DEFAULT_EMAIL_SETTINGS,
  EMAIL_MODES,
  getEmailSettings,
  getEscalationThresholds,
  setEmailSettings,
  setEscalationThresholds,
  type EmailMode,
  type EmailSettings,
  type EscalationThresholds,
} from "./settings";
