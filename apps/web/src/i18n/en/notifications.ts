import { failureReasons } from "@sillage/wording/en";

export const notifications = {
  title: "Notifications",
  bell_one: "Notifications: {{count}} unread",
  bell_other: "Notifications: {{count}} unread",
  description: "What you hear about, in the app and by e-mail. Unchanged rows follow your role's defaults.",
  markAllRead: "Mark all read",
  settingsLink: "Settings",
  empty: "Nothing needs you right now.",
  resolved: "Resolved",
  retry: "Retry",
  preferencesTitle: "What you hear about",
  kindColumn: "Event",
  media: {
    inApp: "In the app",
    email: "E-mail",
  },
  default: "default",
  kinds: {
    publication_failed_one: "A post could not be published: {{reason}}",
    publication_failed_other: "A post failed {{count}} times: {{reason}}",
    quota_waiting: "A post has waited over an hour for the publishing quota",
    channel_reconnect: "Channel {{channel}} must be reconnected",
    token_expiring: "The access to {{channel}} expires on {{expiresAt}}: reconnect it",
    escalation_waiting: "A customer has waited for a person ({{since}})",
    credits_low: "Credits running low: {{balance}} left for automatic replies",
    credits_empty: "No credits left: automatic replies have stopped",
  },
  // A failed post named as its detail shows it: its caption's start, its channel, when it was due.
  failedPost: {
    quoted: "“{{excerpt}}”",
    untitled: "A post",
    text_one: "{{post}} on {{channel}}, due {{when}}, could not be published: {{reason}}",
    text_other: "{{post}} on {{channel}} failed {{count}} times, the latest due {{when}}: {{reason}}",
  },
  kindNames: {
    publication_failed: "A post failed",
    quota_waiting: "A post waits for quota over an hour",
    channel_reconnect: "A channel must be reconnected",
    token_expiring: "A channel's access expires within 7 days",
    escalation_waiting: "A customer waits for a person",
    credits_low: "Credits for automatic replies run low",
  },
  reasons: failureReasons,
};
