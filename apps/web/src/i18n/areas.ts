/**
 * Which areas of the dictionaries (top-level keys outside the core: index.ts) each page loads with its route, in
 * one place: the routes' `loader`s read it, and so does the build's JavaScript budget (build/assets.ts), which counts
 * a first page with the words it downloads. Data only (no runtime dependency): the build imports it.
 */
import type { en } from "./en";
import type * as core from "./en/_core";

/** Keys every page gets before its first render: en/_core.ts. */
export type CoreKey = keyof typeof core;
/** Any other top-level key: loaded when a page or a component needs it. */
export type Area = Exclude<keyof typeof en, CoreKey>;

/** What the settings navigation names (on every settings page): the title of each settings page. */
const SETTINGS = ["settings", "members", "tokens", "savedReplies", "channels", "failures", "billing", "notifications", "webhooks"] as const;

export const PAGE_AREAS = {
  /** Every signed-in page: the notification bell. */
  app: ["notifications"],
  landing: ["firstRun"],
  login: ["passwordReset", "firstRun"],
  forgotPassword: ["passwordReset"],
  resetPassword: ["passwordReset", "serverErrors"],
  signup: ["invite"],
  invite: ["invite"],
  // serverErrors, which words failed replies and posts, comes when one is shown (`useAreas`).
  inbox: ["inbox", "pages", "notes", "ai", "reasons", "savedReplies", "commentConversations"],
  schedule: ["schedule", "scheduleUx", "mediaConversion", "planLimits"],
  comments: ["pages", "comments", "commentConversations", "topics", "reasons", "channels", "serverErrors"],
  aiControl: ["pages", "ai", "toggles", "reasons", "inbox", "comments"],
  analytics: ["kpis"],
  topics: ["topics"],
  settings: [...SETTINGS, "invitations", "firstRun"],
  settingsChannels: [...SETTINGS, "firstRun", "serverErrors"],
  settingsFailures: [...SETTINGS, "serverErrors"],
  settingsBilling: SETTINGS,
  settingsNotifications: [...SETTINGS, "notifySettings", "serverErrors"],
  settingsWebhooks: [...SETTINGS, "serverErrors"],
} as const satisfies Record<string, readonly Area[]>;

/** Loaded by the tRPC link before it hands over a refusal (lib/trpc.ts): coded errors, field issues, plan limits. */
export const ERROR_AREAS = ["serverErrors", "fieldIssues", "billing"] as const satisfies readonly Area[];
