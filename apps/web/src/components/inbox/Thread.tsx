import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type MutableRefObject } from "react";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useAreas } from "../../i18n";
import { errorMessageOf, renderStoredReason } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";
import { decisionFacts } from "../ai/decision-reason";
import { DecisionOutcome } from "../ai/DecisionOutcome";
import { Icon } from "../Icon";
import { ChannelLabel, CustomerName } from "./CustomerName";
import { AiDraft } from "./AiDraft";
import { arrivals, isNearBottom, onNewest, type ShownMessages } from "./follow";
import { LabelChips, LabelPicker } from "./Labels";
import { ReplyBox } from "./ReplyBox";
import { SnoozeMenu } from "./SnoozeMenu";
import { Handover, MessageContext } from "./MessageContext";
import { MessageText } from "./MessageText";
import { NoteBox } from "../notes/NoteBox";
import { NoteBubble, withNotes } from "../notes/NoteBubble";
import { ReplyModeTabs, type ReplyMode } from "../notes/ReplyModeTabs";
import "../notes/notes.css";

type ThreadData = RouterOutputs["inbox"]["messages"];
type Message = ThreadData["messages"][number];

const PAGE = 50;

/** What the page's keyboard shortcuts ask of the open thread; each says whether it did anything. */
export interface ThreadActions {
  focusReply(): boolean;
  resolve(): boolean;
}

/**
 * One conversation: header with back (narrow screens) / assign / resolve / reopen, messages oldest → newest in their
 * own scroll area that follows the newest one, the reply box below it.
 */
export function Thread({
  conversationId,
  onBack,
  actionsRef,
  focusOnOpen = false,
}: {
  conversationId: string;
  onBack: () => void;
  actionsRef?: MutableRefObject<ThreadActions | null>;
  /** Opened from a list that is now hidden (a phone): the focus goes to the thread's heading, not nowhere. */
  focusOnOpen?: boolean;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [limit, setLimit] = useState(PAGE);
  // A reply refused by WhatsApp's 24-hour window offers a template: the reply box opens its templates.
  const [templatesOffered, setTemplatesOffered] = useState(false);
  const thread = useQuery(trpc.inbox.messages.queryOptions({ conversationId, limit }));
  const members = useQuery(trpc.workspace.members.queryOptions());
  const notes = useQuery(trpc.notes.list.queryOptions({ conversationId }));
  // Reply to the customer, or a note for the team (never sent).
  const [mode, setMode] = useState<ReplyMode>("reply");
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.inbox.messages.queryFilter());
    void queryClient.invalidateQueries(trpc.inbox.conversations.infiniteQueryFilter());
  };
  const assign = useMutation(trpc.inbox.assign.mutationOptions({ onSuccess: refresh }));
  const resolve = useMutation(trpc.inbox.resolve.mutationOptions({ onSuccess: refresh }));
  const reopen = useMutation(trpc.inbox.reopen.mutationOptions({ onSuccess: refresh }));
  const markRead = useMutation(trpc.inbox.markRead.mutationOptions({ onSuccess: refresh }));

  const unread = thread.data?.conversation.unreadCount ?? 0;
  const { mutate: markReadNow } = markRead;
  useEffect(() => {
    if (unread > 0) markReadNow({ conversationId });
  }, [unread, conversationId, markReadNow]);

  // Following the newest message. The scroll area's own scrollTop, never scrollIntoView: that also scrolls the
  // page, which slid the thread's header under the phone's top bar.
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const following = useRef(true);
  const justSent = useRef(false);
  const shown = useRef<ShownMessages | null>(null);
  const [pill, setPill] = useState(false);
  const toBottom = useCallback(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    following.current = true;
    setPill(false);
  }, []);
  const shownMessages = thread.data?.messages;
  useLayoutEffect(() => {
    if (!shownMessages) return;
    const change = arrivals(shown.current, shownMessages);
    shown.current = change.shown;
    if (!change.opening && change.arrived === 0) return;
    if (onNewest({ opening: change.opening, justSent: justSent.current, following: following.current }) === "scroll") toBottom();
    else setPill(true);
    justSent.current = false;
  }, [shownMessages, toBottom]);
  // Images that load later grow the thread: stay at the bottom if the reader was there.
  const hasThread = thread.isSuccess;
  useEffect(() => {
    const el = list.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (following.current && scroller.current) scroller.current.scrollTop = scroller.current.scrollHeight;
    });
    observer.observe(el);
    // And when the area itself shrinks (a taller reply box, an error under it).
    if (scroller.current) observer.observe(scroller.current);
    return () => observer.disconnect();
  }, [hasThread]);

  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const heading = root.current?.querySelector<HTMLElement>(".thread__header h2");
    if (!focusOnOpen || !heading) return;
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }, [focusOnOpen, hasThread]);

  const replyArea = useRef<HTMLDivElement>(null);
  const status = thread.data?.conversation.status;
  const { mutate: resolveNow, isPending: resolving } = resolve;
  useEffect(() => {
    if (!actionsRef) return;
    actionsRef.current = {
      focusReply() {
        // The text box, or the template picker when only a template may go out.
        const field = replyArea.current?.querySelector<HTMLElement>("textarea, select, button:not([disabled]):not([role=tab])");
        field?.focus();
        return Boolean(field);
      },
      resolve() {
        if (status !== "open" && status !== "pending") return false;
        if (!resolving) resolveNow({ conversationId });
        return true;
      },
    };
    return () => {
      actionsRef.current = null;
    };
  }, [actionsRef, status, resolving, resolveNow, conversationId]);

  if (thread.isPending) return <p className="muted inbox__placeholder">{t("common.loading")}</p>;
  if (thread.isError) {
    // A link to a conversation that is gone, or an address typed wrong (`?c=` not an id): say so once, with the way back.
    return (
      <div className="inbox__placeholder" data-testid="thread-error">
        <p className="alert alert--error" role="alert">
          {errorMessageOf(thread.error, t, { BAD_REQUEST: t("serverErrors.conversation_not_found") })}
        </p>
        <button type="button" className="btn btn--sm" onClick={onBack}>
          <Icon name="chevronLeft" size={18} /> {t("inbox.back")}
        </button>
      </div>
    );
  }
  const { conversation: c } = thread.data;
  const messages = [...thread.data.messages].reverse();
  const error = errorMessageOf(assign.error ?? resolve.error ?? reopen.error, t);

  return (
    <div className="thread" data-testid="thread" ref={root}>
      <header className="thread__header" data-testid="thread-header">
        <button type="button" className="btn btn--ghost btn--sm thread__back" onClick={onBack} aria-label={t("inbox.backLabel")} data-testid="thread-back">
          <Icon name="chevronLeft" size={18} />
          <span>{t("inbox.back")}</span>
        </button>
        <div className="thread__who" data-testid="thread-contact">
          <CustomerName customer={c} size={40} as="h2" />
          <ChannelLabel platform={c.platform} channelName={c.channelName} />
          <LabelChips labels={c.labels} />
        </div>
        <div className="thread__actions">
          <LabelPicker conversationId={conversationId} labels={c.labels} />
          <SnoozeMenu conversationId={conversationId} snoozedUntil={c.snoozedUntil} />
          <label className="small">
            <span className="sr-only">{t("inbox.assignee")}</span>
            <select
              className="select"
              aria-label={t("inbox.assignee")}
              value={c.assigneeId ?? ""}
              onChange={(e) => assign.mutate({ conversationId, userId: e.target.value || null })}
              data-testid="thread-assign"
            >
              <option value="">{t("inbox.nobody")}</option>
              {members.data?.members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          {c.status === "resolved" ? (
            <button type="button" className="btn btn--sm" onClick={() => reopen.mutate({ conversationId })} disabled={reopen.isPending} data-testid="thread-reopen">
              {t("inbox.reopen")}
            </button>
          ) : (
            <button type="button" className="btn btn--sm btn--primary" onClick={() => resolve.mutate({ conversationId })} disabled={resolve.isPending} title={t("inbox.resolve")} data-testid="thread-resolve">
              <Icon name="check" size={16} />
              <span className="thread__action-text">{t("inbox.resolve")}</span>
            </button>
          )}
        </div>
      </header>
      {error && <p className="alert alert--error">{error}</p>}
      {/* Instagram's handover protocol: another app controls the thread, so nothing here answers it automatically. */}
      {c.otherAppThread && <Handover owner="note" />}
      <div className="thread__body">
        <div
          className="thread__messages"
          ref={scroller}
          onScroll={(e) => {
            following.current = isNearBottom(e.currentTarget);
            if (following.current) setPill(false);
          }}
          data-testid="thread-messages"
        >
          {thread.data.nextCursor && (
            <button type="button" className="link-button thread__older" onClick={() => setLimit((l) => l + PAGE)}>
              {t("inbox.loadOlder")}
            </button>
          )}
          <ol className="thread__list" ref={list}>
            {withNotes(messages, notes.data ?? [], !thread.data.nextCursor).map((item) =>
              item.kind === "note" ? (
                <NoteBubble key={item.note.id} note={item.note} />
              ) : (
                <MessageBubble key={item.message.id} message={item.message} platform={c.platform} onSendTemplate={
                    c.channelStatus === "active"
                      ? () => {
                          setMode("reply");
                          setTemplatesOffered(true);
                        }
                      : undefined
                  } />
              ),
            )}
          </ol>
        </div>
        {pill && (
          <button type="button" className="btn btn--sm btn--primary thread__pill" onClick={toBottom} data-testid="thread-new-messages">
            {t("inbox.newMessages")} ↓
          </button>
        )}
      </div>
      <div className="thread__reply" id="reply-area" ref={replyArea}>
        <ReplyModeTabs mode={mode} onMode={setMode} />
        {mode === "note" ? (
          <NoteBox
            conversationId={conversationId}
            onPosted={() => {
              toBottom();
              void queryClient.invalidateQueries(trpc.notes.list.queryFilter({ conversationId }));
            }}
          />
        ) : (
          <>
            {c.draft && c.channelStatus === "active" && c.window.open && !c.window.templatesOnly && (
              <AiDraft
                key={c.draft.decisionId}
                conversation={c}
                draft={c.draft}
                onSent={() => {
                  justSent.current = true;
                  toBottom();
                  refresh();
                }}
              />
            )}
            <ReplyBox
              conversation={c}
              onSent={() => {
                setTemplatesOffered(false);
                // The sent message shows at the bottom, wherever the agent had scrolled to.
                justSent.current = true;
                toBottom();
                refresh();
              }}
              templatesOffered={templatesOffered}
              onFreeReply={() => setTemplatesOffered(false)}
            />
          </>
        )}
      </div>
    </div>
  );
}

function MessageBubble({ message: m, platform, onSendTemplate }: { message: Message; platform: string; onSendTemplate?: () => void }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const out = m.direction === "out";
  // A failed reply's reason is worded by the server's error codes, fetched only when a failure is shown.
  const failed = out && m.status === "failed";
  const worded = useAreas(["serverErrors"], failed);
  const failure = failed && worded ? failureText(m, platform) : null;
  return (
    <li className={`bubble ${out ? "bubble--out" : "bubble--in"}`} data-testid="message" data-direction={m.direction} data-status={m.status ?? undefined}>
      {out && (
        // Who answered: the agent by name, or the AI's automatic reply.
        <span className="bubble__author small" data-testid="message-author" data-author={m.author}>
          {m.author === "agent" && m.authorName ? m.authorName : t(`inbox.author.${m.author as "agent" | "ai"}`)}
          {/* Written in the Instagram app (or another tool), not in Sillage: said so, the team wrote it all the same. */}
          {m.sentFromApp && <span data-testid="message-sent-from-app"> · {t("inbox.sentFromInstagram")}</span>}
        </span>
      )}
      {m.fromComment && (
        // A private reply to a comment opened this conversation: the comment it answered, to open on /comments.
        <Link to="/comments" search={m.fromComment.postId ? { p: m.fromComment.postId } : {}} className="bubble__origin small" data-testid="message-from-comment">
          {t("commentConversations.fromComment", { text: m.fromComment.text })}
        </Link>
      )}
      {/* An unsent message shows none of what it held: only that it was unsent. */}
      {!m.deletedAt && <MessageContext context={m.context} />}
      {!m.deletedAt &&
        m.media.map((media) => (
          <MediaPreview key={media.id} media={media} />
        ))}
      <MessageText
        text={m.text}
        type={m.type}
        hasMedia={m.media.length > 0 || m.context.links.length > 0 || m.context.referral !== null || m.context.threadControl !== null}
        deletedAt={m.deletedAt}
        editedAt={m.editedAt}
        previousTexts={m.previousTexts}
      />
      {!out && m.triage && (
        // The decision as it ended (sent, blocked, refused…), not just what the triage wanted to do.
        <div className="bubble__triage small" data-testid="message-triage" data-triage={m.triage} data-outcome={m.triageOutcome ?? undefined}>
          <DecisionOutcome
            triage={m.triage}
            outcome={m.triageOutcome}
            error={m.triageOutcomeError}
            message={m.triageOutcomeMessage}
            platform={platform}
            onSendTemplate={onSendTemplate}
          />
          <span className="bubble__triage-facts muted">
            {decisionFacts(t, format.percent, {
              confidence: m.confidence,
              rule: m.triageRule,
              reason: m.triageReason,
              reasonCode: m.triageReasonCode,
              reasonParams: m.triageReasonParams as Record<string, unknown> | null,
            })}
          </span>
        </div>
      )}
      <span className="bubble__meta small">
        <time dateTime={new Date(m.at).toISOString()} title={format.dateTime(m.at)}>
          {format.messageTime(m.at)}
        </time>
        {out && <Ticks status={m.status} error={failure} pricingCategory={m.pricingCategory} />}
      </span>
      {m.reactions.length > 0 && (
        <span className="bubble__reactions" data-testid="message-reactions">
          {m.reactions.map((r) => (
            <span key={r.by}>{r.emoji}</span>
          ))}
        </span>
      )}
      {failure && m.errorMessage && <p className="bubble__error small">{failure}</p>}
    </li>
  );
}

/** Why a reply failed: its error kind worded in the reader's language (`platform.<kind>`), else the stored words (a Meta code). */
function failureText(m: Message, platform: string): string | null {
  const kind = m.errorCode && !/^\d+$/.test(m.errorCode) ? `platform.${m.errorCode}` : null;
  return renderStoredReason({ code: kind, params: { platform }, text: m.errorMessage });
}

const PRICING_CATEGORIES = new Set(["marketing", "marketing_lite", "utility", "authentication", "authentication_international", "service", "referral_conversion"]);

/** The status, why it failed, and (WhatsApp) the category Meta charges the message as: Meta's own word when new to us. */
function Ticks({ status, error, pricingCategory }: { status: string | null; error: string | null; pricingCategory: string | null }) {
  const { t } = useTranslation();
  const s = (status ?? "pending") as "pending" | "sent" | "delivered" | "read" | "failed";
  const glyph = { pending: "◷", sent: "✓", delivered: "✓✓", read: "✓✓", failed: "!" }[s];
  const category = pricingCategory
    ? t("inbox.pricingCategory.label", {
        category: PRICING_CATEGORIES.has(pricingCategory) ? t(`inbox.pricingCategory.${pricingCategory as "service"}`) : pricingCategory,
      })
    : null;
  const title = [s === "failed" && error ? error : t(`inbox.tick.${s}`), category].filter(Boolean).join(" · ");
  return (
    <span className={`ticks ticks--${s}`} title={title} aria-label={t(`inbox.tick.${s}`)} data-testid="message-ticks" data-pricing-category={pricingCategory ?? undefined}>
      {glyph}
    </span>
  );
}

function MediaPreview({ media }: { media: Message["media"][number] }) {
  const { t } = useTranslation();
  if (media.status === "pending") {
    return <p className="bubble__media muted small">{media.error ? t("inbox.media.retrying", { error: media.error }) : t("inbox.media.pending")}</p>;
  }
  if (media.status === "failed" || media.status === "rejected" || !media.url) {
    return <p className="bubble__media bubble__error small">{t(media.status === "rejected" ? "inbox.media.rejected" : "inbox.media.failed", { error: media.error ?? "" })}</p>;
  }
  const type = media.mimeType ?? "";
  if (type.startsWith("image/")) return <img className="bubble__image" src={media.url} alt="" loading="lazy" data-testid="message-image" />;
  if (type.startsWith("video/")) return <video className="bubble__image" src={media.url} controls preload="metadata" />;
  if (type.startsWith("audio/")) return <audio src={media.url} controls preload="none" />;
  return (
    <a className="bubble__media" href={media.url} target="_blank" rel="noreferrer">
      {t("inbox.media.open")}
    </a>
  );
}
