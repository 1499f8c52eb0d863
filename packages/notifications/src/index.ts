export * from "./kinds";
export { findCandidates, scanAllWorkspaces, scanWorkspace, type Candidate, type ScanResult } from "./scan";
export { getPreferences, listNotifications, markRead, setPreferences, type NotificationItem, type Preference } from "./store";
export { notificationsCron, notificationsJobs, scanNotificationsJob } from "./jobs";
