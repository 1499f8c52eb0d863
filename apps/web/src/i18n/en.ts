import { common } from "./en/common";
import { languages } from "./en/languages";
import { reasons } from "./en/reasons";
import { errors } from "./en/errors";
import { validation } from "./en/validation";
import { auth } from "./en/auth";
import { passwordReset } from "./en/passwordReset";
import { invite } from "./en/invite";
import { workspace } from "./en/workspace";
import { roles } from "./en/roles";
import { shell } from "./en/shell";
import { inbox } from "./en/inbox";
import { nav } from "./en/nav";
import { live } from "./en/live";
import { notes } from "./en/notes";
import { handover } from "./en/handover";
import { notFound } from "./en/notFound";
import { pages } from "./en/pages";
import { schedule } from "./en/schedule";
import { settings } from "./en/settings";
import { members } from "./en/members";
import { invitations } from "./en/invitations";
import { tokens } from "./en/tokens";
import { channels } from "./en/channels";
import { ai } from "./en/ai";
import { savedReplies } from "./en/savedReplies";
import { scheduleUx } from "./en/scheduleUx";
import { firstRun } from "./en/firstRun";
import { failures } from "./en/failures";
import { kpis } from "./en/kpis";
import { comments } from "./en/comments";
import { serverErrors } from "./en/serverErrors";
import { fieldIssues } from "./en/fieldIssues";
import { mediaConversion } from "./en/mediaConversion";
import { languageFallback } from "./en/languageFallback";
import { commentConversations } from "./en/commentConversations";
import { planLimits } from "./en/planLimits";
import { toggles } from "./en/toggles";
import { topics } from "./en/topics";
import { billing } from "./en/billing";
import { notifySettings } from "./en/notifySettings";
import { notifications } from "./en/notifications";
import { webhooks } from "./en/webhooks";

/**
 * The whole English dictionary, one file per top-level key under en/ (the app loads them by area: index.ts). For
 * the types (i18next.d.ts) and the tests; fr.ts must have exactly the same keys.
 */
export const en = { common, languages, reasons, errors, validation, auth, passwordReset, invite, workspace, roles, shell, inbox, nav, live, notes, notFound, pages, schedule, settings, members, invitations, tokens, channels, ai, savedReplies, scheduleUx, firstRun, failures, kpis, comments, serverErrors, fieldIssues, mediaConversion, languageFallback, commentConversations, planLimits, toggles, topics, billing, notifySettings, notifications, webhooks, handover };
