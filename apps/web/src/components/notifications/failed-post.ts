import i18n, { type TFunction } from "i18next";
import { serverWordsOr } from "../../lib/errors";
import { publicationReasonText } from "../schedule/status-reason";

/** How much of the caption the bell quotes: enough to recognise the post on one line of the panel. */
const EXCERPT_SHOWN = 40;

type Translate = (key: string, params?: Record<string, unknown>) => string;
const str = (v: unknown) => (typeof v === "string" ? v : "");

/**
 * Why a post failed, in the reader's language, as its detail says it: the reason publishing coded (`publication.<code>`
 * with its parameters, words from @sillage/wording through `serverErrors`), else its error class, else the server's
 * English sentence to an English reader only.
 */
export function failedPostReason(t: TFunction, p: Record<string, unknown>): string {
  const tr = t as unknown as Translate;
  const params = p.reasonParams !== null && typeof p.reasonParams === "object" ? (p.reasonParams as Record<string, unknown>) : {};
  const coded = str(p.reasonCode) ? publicationReasonText(t, str(p.reasonCode), params) : null;
  if (coded) return coded;
  const byClass = `notifications.reasons.${str(p.errorClass)}`;
  if (str(p.errorClass) && i18n.exists(byClass)) return tr(byClass);
  return serverWordsOr(str(p.reason), tr("notifications.reasons.unknown"));
}

/**
 * A failed-post notification naming its post (the caption's start, the channel, when it was due) and why; `when`
 * formats an instant in the workspace's zone. A notification stored before it named its post (no channel) says
 * "a post failed" with its reason.
 */
export function failedPostText(t: TFunction, p: Record<string, unknown>, count: number, when: (iso: string) => string): string {
  const tr = t as unknown as Translate;
  const reason = failedPostReason(t, p);
  if (!str(p.channelName)) return tr("notifications.kinds.publication_failed", { count, reason });
  const excerpt = str(p.excerpt).replace(/\s+/g, " ").trim();
  const chars = [...excerpt];
  const shown = chars.length > EXCERPT_SHOWN ? `${chars.slice(0, EXCERPT_SHOWN - 1).join("").trimEnd()}…` : excerpt;
  const post = shown ? tr("notifications.failedPost.quoted", { excerpt: shown }) : tr("notifications.failedPost.untitled");
  return tr("notifications.failedPost.text", { count, post, channel: str(p.channelName), when: when(str(p.dueAt)), reason });
}
