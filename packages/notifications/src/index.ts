export * from "./kinds";
export { findCandidates, scanAllWorkspaces, scanWorkspace, type Candidate, type ScanResult } from "./scan";
export { getPreferences, listNotifications, markRead, setPreferences, type NotificationItem, type Preference } from "./store";
export { emailDeliverJob, notificationsCron, notificationsJobs, scanNotificationsJob, webhookDeliverJob } from "./jobs";
export { attemptWebhookDelivery, createWebhook, deleteWebhook, listWebhookDeliveries, listWebhooks, signWebhook } from "./webhooks";
export { createSmtpMailer, deliverNotificationEmails, quietUntil, type EmailOutcome, type Mailer, type MailMessage } from "./email";
export type { NotificationServices } from "./jobs/email";
