// What an Instagram message is about, above its text: the story it replies to, what the customer shared (a post, a
// reel, a story mentioning the account) and, on a referral notice, the link or ad they came from. Links open
// Instagram's own (short-lived) addresses in a new tab; the server hands over http(s) links only.
import { useTranslation } from "react-i18next";
import { useAreas } from "../../i18n";
import type { RouterOutputs } from "../../lib/trpc";

type Context = RouterOutputs["inbox"]["messages"]["messages"][number]["context"];

const LINK_LABELS = {
  share: "post",
  ig_post: "post",
  ig_reel: "reel",
  reel: "reel",
  ig_story: "story",
  story_mention: "storyMention",
} as const;
const linkLabel = (type: string) => LINK_LABELS[type as keyof typeof LINK_LABELS] ?? "attachment";

function OpenLink({ url }: { url: string | null }) {
  const { t } = useTranslation();
  if (!url) return null;
  return (
    <>
      {" · "}
      <a href={url} target="_blank" rel="noreferrer noopener">
        {t("inbox.context.open")}
      </a>
    </>
  );
}

/** Instagram's handover protocol: a notice in the thread, or the conversation's note; its words load only where one shows. */
export function Handover({ owner }: { owner: "other_app" | "this_app" | "note" }) {
  const { t } = useTranslation();
  return useAreas(["handover"]) ? (
    <p className={owner === "note" ? "alert alert--info small" : "bubble__context small"} data-testid="handover" data-owner={owner}>
      {t(`handover.${owner}`)}
    </p>
  ) : null;
}

export function MessageContext({ context }: { context: Context }) {
  const { t } = useTranslation();
  const { referral, storyReply, links, threadControl } = context;
  const referralKind = referral?.source === "ADS" || referral?.adId ? "referralAd" : referral?.source?.startsWith("IGME") ? "referralLink" : "referralOther";
  return (
    <>
      {threadControl && <Handover owner={threadControl} />}
      {referral && (
        <p className="bubble__context small" data-testid="message-referral">
          {t(`inbox.context.${referralKind}`)}
          {referral.adTitle && ` — ${referral.adTitle}`}
          {referral.ref && ` (${t("inbox.context.ref", { ref: referral.ref })})`}
        </p>
      )}
      {storyReply && (
        <p className="bubble__context small" data-testid="message-story-reply">
          {t("inbox.context.storyReply")}
          <OpenLink url={storyReply.url} />
        </p>
      )}
      {links.map((link, i) => (
        <p key={i} className="bubble__context small" data-testid="message-link" data-type={link.type}>
          {t(`inbox.context.${linkLabel(link.type)}`)}
          {link.title && ` — ${link.title}`}
          <OpenLink url={link.url} />
        </p>
      ))}
    </>
  );
}
