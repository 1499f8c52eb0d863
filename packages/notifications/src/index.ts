export * from "./kinds";
export { findCandidates, scanAllWorkspaces, scanWorkspace, type Candidate, type ScanResult } from "./scan";
export { getPreferences, listNotifications, markRead, setPreferences, type NotificationItem, type Preference } from "./store";
export { digestJob, emailDeliverJob, notificationsCron, notificationsJobs, scanNotificationsJob, webhookDeliverJob } from "./jobs";
export { attemptWebhookDelivery, createWebhook, deleteWebhook, listWebhookDeliveries, listWebhooks, signWebhook } from "./webhooks";
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
