// What a message is about beyond its text and stored files, for the thread to show: the story a customer replied to,
// what they shared (a post, a reel, a story mentioning the account), and where a referral notice says they came from.
// Read from what ingestion kept (`messages.raw.extra`, `messages.media`); only http(s) links ever reach a page.
import { FETCHED_ATTACHMENT_TYPES } from "./model";

export interface MessageLink {
  /** The platform's attachment type: share, ig_post, ig_reel, reel, story_mention, ig_story… */
  type: string;
  url: string | null;
  /** A shared post's caption or a reel's title. */
  title: string | null;
}

export interface MessageContext {
  /** The customer replied to one of the account's stories (Instagram `reply_to.story`). */
  storyReply: { id: string | null; url: string | null } | null;
  links: MessageLink[];
  /** A referral notice (or a postback that came with one): the link's `ref`, or the ad the customer came from. */
  referral: { source: string | null; ref: string | null; adId: string | null; adTitle: string | null } | null;
  /** A handover notice (Instagram's handover protocol): who controls the thread from then on. */
  threadControl: "other_app" | "this_app" | null;
}

const rec = (v: unknown): Record<string, unknown> | null => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const text = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : typeof v === "number" ? String(v) : null);
/** A link a browser may open: http(s) only (a `javascript:` URL in a webhook must never become an href). */
const webUrl = (v: unknown): string | null => {
  const s = text(v);
  return s && /^https?:\/\//i.test(s) ? s : null;
};

export function messageContext(m: { raw: unknown; attachments: unknown }): MessageContext {
  const raw = rec(m.raw);
  const extra = rec(raw?.extra);
  const story = rec(extra?.replyToStory);
  const referral = rec(extra?.referral);
  const ads = rec(referral?.ads_context_data);
  // A message sent from the Instagram app (an echo) keeps its files as links; ours and inbound files are stored.
  const echo = raw?.echo === true;
  const links: MessageLink[] = [];
  for (const a of Array.isArray(m.attachments) ? m.attachments : []) {
    const att = rec(a);
    const type = text(att?.type);
    if (!att || !type || att.key !== undefined) continue;
    if (FETCHED_ATTACHMENT_TYPES.has(type) && !echo) continue;
    const link = { type, url: webUrl(att.url), title: text(att.caption) };
    // Meta sends a shared post twice (`share` and, since Nov. 2025, `ig_post`): shown once.
    const twin = links.findIndex((l) => l.url === link.url && (l.type === "share" || link.type === "share"));
    if (twin >= 0) {
      if (link.type !== "share") links[twin] = link;
      continue;
    }
    links.push(link);
  }
  return {
    storyReply: story ? { id: text(story.id), url: webUrl(story.url) } : null,
    links,
    referral:
      // A referral notice, or the postback (icebreaker) that opened the conversation from a link or an ad.
      (raw?.messageType === "referral" || raw?.messageType === "postback") && referral
        ? { source: text(referral.source), ref: text(referral.ref), adId: text(referral.ad_id), adTitle: text(ads?.ad_title) }
        : null,
    threadControl: raw?.messageType === "thread_control" && (raw.threadOwner === "other_app" || raw.threadOwner === "this_app") ? raw.threadOwner : null,
  };
}
