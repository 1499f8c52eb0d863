export * from "./kinds";
export { findCandidates, scanAllWorkspaces, scanWorkspace, type Candidate, type ScanResult } from "./scan";
export { getPreferences, listNotifications, markRead, setPreferences, type NotificationItem, type Preference } from "./store";
export { emailDeliverJob, notificationsCron, notificationsJobs, scanNotificationsJob } from "./jobs";
export { createSmtpMailer, deliverNotificationEmails, quietUntil, type EmailOutcome, type Mailer, type MailMessage } from "./email";
export type { NotificationServices } from "./jobs/email";
