import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { ConfirmButton } from "../ConfirmButton";
import { errorMessageOf, renderServerError } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { formatReason } from "../../lib/reasons";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";

type CommentItem = RouterOutputs["comments"]["list"]["items"][number];
type ReplyItem = CommentItem["replies"][number];
type Outgoing = CommentItem["outgoing"][number];
export type CommentFilter = "all" | "unanswered" | "escalated" | "hidden";
const FILTERS: CommentFilter[] = ["all", "unanswered", "escalated", "hidden"];

const REASONS = new Set([
  "not_found",
  "comment_deleted",
  "own_comment",
  "private_reply_exists",
  "comment_too_old",
  "invalid_input",
  "channel_unavailable",
  "auth_expired",
  "permission",
  "rate_limited",
  "platform",
  "uncertain",
  "blocked",
]);

/** A refusal's words in the reader's language: its reason code, else the server's sentence. */
export function refusalText(t: TFunction, reason: string | null | undefined, message: string | null | undefined): string {
  if (reason && REASONS.has(reason)) return t(`comments.errors.${reason}` as "comments.errors.platform", { message: message ?? "" });
  // A failed send's class is the connectors' error kind (`retryable`, `policy`…): the registry words it.
  const platform = reason ? renderServerError({ code: `platform.${reason}`, params: { platform: "instagram" } }, t) : null;
  return platform ?? message ?? t("errors.server");
}

/** The selected post's comments: filters, top-level comments newest first with their replies nested. */
export function CommentThreads({ postId, filter, onFilter }: { postId: string; filter: CommentFilter; onFilter: (f: CommentFilter) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const list = useInfiniteQuery(trpc.comments.list.infiniteQueryOptions({ postId, filter, limit: 30 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="comments__threads">
      <div className="comments__filters" role="group" aria-label={t("comments.filters.label")}>
        {FILTERS.map((f) => (
          <button key={f} type="button" className={`btn btn--sm ${filter === f ? "btn--primary" : "btn--ghost"}`} aria-pressed={filter === f} onClick={() => onFilter(f)} data-testid={`comments-filter-${f}`}>
            {t(`comments.filters.${f}`)}
          </button>
        ))}
      </div>
      {list.isError && <p className="alert alert--error" role="alert">{errorMessageOf(list.error, t)}</p>}
      {list.isSuccess && items.length === 0 && <p className="muted comments__empty">{t("comments.empty")}</p>}
      <ul className="comments__list" aria-live="polite" data-testid="comments-list">
        {items.map((c) => (
          <CommentCard key={c.id} comment={c} />
        ))}
      </ul>
      {list.hasNextPage && (
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {t("comments.loadMore")}
        </button>
      )}
    </div>
  );
}

function useCommentActions(commentId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.comments.list.infiniteQueryFilter());
    void queryClient.invalidateQueries(trpc.comments.posts.queryFilter());
  };
  const onResult = (r: { ok: boolean; reason?: string; message?: string }) => {
    setError(r.ok ? null : refusalText(t, r.reason, r.message));
    refresh();
  };
  const onError = (err: unknown) => setError(errorMessageOf(err, t));
  const hide = useMutation(trpc.comments.hide.mutationOptions({ onSuccess: onResult, onError }));
  const remove = useMutation(trpc.comments.delete.mutationOptions({ onSuccess: onResult, onError }));
  return { error, setError, hide: (hidden: boolean) => hide.mutate({ commentId, hidden }), remove: () => remove.mutate({ commentId }), pending: hide.isPending || remove.isPending, onResult, onError };
}

function CommentCard({ comment }: { comment: CommentItem }) {
  const { t } = useTranslation();
  const [replying, setReplying] = useState(false);
  const actions = useCommentActions(comment.id);
  return (
    <li className={`comment${comment.hidden ? " comment--hidden" : ""}${comment.deletedAt ? " comment--deleted" : ""}`} data-testid="comment" data-comment-id={comment.id}>
      <CommentBody comment={comment} />
      {comment.decision && <Decision comment={comment} />}
      {!comment.deletedAt && (
        <div className="comment__actions">
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => setReplying((r) => !r)} aria-expanded={replying} data-testid="comment-reply">
            {t("comments.actions.reply")}
          </button>
          {!comment.own && (
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => actions.hide(!comment.hidden)} disabled={actions.pending} data-testid="comment-hide">
              {comment.hidden ? t("comments.actions.unhide") : t("comments.actions.hide")}
            </button>
          )}
          <ConfirmButton confirmLabel={t("comments.actions.deleteConfirm")} onConfirm={actions.remove} pending={actions.pending} testId="comment-delete">
            {t("comments.actions.delete")}
          </ConfirmButton>
          {comment.conversationId && (
            // The DM conversation the private reply opened: the customer's answer arrives there.
            <Link to="/inbox" search={{ c: comment.conversationId }} className="btn btn--ghost btn--sm" data-testid="comment-open-conversation">
              {t("commentConversations.openConversation")}
            </Link>
          )}
        </div>
      )}
      {actions.error && (
        <p className="alert alert--error small" role="alert" data-testid="comment-error">
          {actions.error}
        </p>
      )}
      {replying && <ReplyBox comment={comment} privateAllowed={!comment.own && !comment.privateReply} onDone={() => setReplying(false)} />}
      {(comment.replies.length > 0 || comment.outgoing.length > 0) && (
        <ul className="comment__replies">
          {comment.replies.map((r) => (
            <li key={r.id} className={`comment comment--reply${r.own ? " comment--own" : ""}`} data-testid="comment-reply-item">
              <CommentBody comment={r} />
              {r.outgoing.map((o) => (
                <OutgoingLine key={o.id} o={o} />
              ))}
            </li>
          ))}
          {comment.outgoing.map((o) => (
            <li key={o.id} className="comment comment--reply comment--own comment--outgoing">
              <OutgoingLine o={o} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function CommentBody({ comment }: { comment: CommentItem | ReplyItem }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <div className="comment__body">
      <div className="comment__meta small">
        <strong>{comment.own ? t("comments.you") : comment.author.name ? `@${comment.author.name}` : t("comments.unknownAuthor")}</strong>
        <time dateTime={new Date(comment.createdAt).toISOString()} title={format.dateTime(comment.createdAt)} className="muted">
          {format.relative(comment.createdAt)}
        </time>
        {comment.triage && !comment.own && (
          <span className={`badge comment__triage comment__triage--${comment.triage.toLowerCase()}`} data-testid="comment-triage" data-triage={comment.triage}>
            {t(`comments.triage.${comment.triage as "IGNORE"}`)}
          </span>
        )}
        {comment.hidden && <span className="badge badge--muted">{t("comments.hiddenBadge")}</span>}
        {comment.deletedAt && <span className="badge badge--muted">{comment.deletedBy === "us" ? t("comments.deletedByUs") : t("comments.deletedBadge")}</span>}
        {comment.editedAt && <span className="badge badge--muted">{t("comments.editedBadge")}</span>}
        {"answered" in comment && comment.answered && !comment.own && <span className="badge comment__answered">{t("comments.answered")}</span>}
      </div>
      <p className="comment__text">{comment.text}</p>
    </div>
  );
}

function Decision({ comment }: { comment: CommentItem }) {
  const { t } = useTranslation();
  const d = comment.decision!;
  const outcome = d.outcome && d.outcome !== "not_applicable" ? t(`comments.outcome.${d.outcome as "sent"}`, { defaultValue: "" }) : "";
  return (
    <p className="comment__reason small muted" data-testid="comment-reason">
      {formatReason(t, { reasonCode: d.reasonCode, reasonParams: d.reasonParams, reason: d.reason ?? "" })}
      {outcome && ` · ${outcome}`}
    </p>
  );
}

function OutgoingLine({ o }: { o: Outgoing }) {
  const { t } = useTranslation();
  const failed = o.status === "failed" || o.status === "blocked";
  return (
    <div className="comment__outgoing" data-testid="comment-outgoing" data-status={o.status}>
      <div className="comment__meta small">
        <strong>{t(`comments.outgoing.${o.kind}`)}</strong>
        <span className={failed ? "comment__failed" : "muted"}>{t(`comments.outgoing.${o.status as "sent"}`)}</span>
        {o.automatic && <span className="badge badge--muted">{t("comments.outgoing.automatic")}</span>}
      </div>
      <p className="comment__text">{o.text}</p>
      {failed && (
        <p className="alert alert--error small" role="alert">
          {refusalText(t, o.status === "blocked" ? "blocked" : o.errorClass, o.errorMessage)}
        </p>
      )}
    </div>
  );
}

function ReplyBox({ comment, privateAllowed, onDone }: { comment: CommentItem; privateAllowed: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [mode, setMode] = useState<"public" | "private">("public");
  const [error, setError] = useState<string | null>(null);
  const onSuccess = (r: { ok: boolean; reason?: string; message?: string }) => {
    void queryClient.invalidateQueries(trpc.comments.list.infiniteQueryFilter());
    void queryClient.invalidateQueries(trpc.comments.posts.queryFilter());
    if (!r.ok) return setError(refusalText(t, r.reason, r.message));
    setText("");
    onDone();
  };
  const onError = (err: unknown) => setError(errorMessageOf(err, t));
  const pub = useMutation(trpc.comments.reply.mutationOptions({ onSuccess, onError }));
  const priv = useMutation(trpc.comments.privateReply.mutationOptions({ onSuccess, onError }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setError(null);
    if (mode === "private") priv.mutate({ commentId: comment.id, text });
    else pub.mutate({ commentId: comment.id, text });
  };
  const id = `reply-${comment.id}`;
  return (
    <form className="comment__replybox" onSubmit={submit} data-testid="comment-replybox">
      <fieldset className="comment__mode">
        <legend className="small">{t("comments.replyBox.mode")}</legend>
        <label className="small">
          <input type="radio" name={`${id}-mode`} checked={mode === "public"} onChange={() => setMode("public")} data-testid="reply-mode-public" /> {t("comments.replyBox.public")}
        </label>
        <label className="small">
          <input type="radio" name={`${id}-mode`} checked={mode === "private"} disabled={!privateAllowed} onChange={() => setMode("private")} data-testid="reply-mode-private" />{" "}
          {t("comments.replyBox.private")}
        </label>
      </fieldset>
      <label htmlFor={id} className="sr-only">
        {t("comments.replyBox.label")}
      </label>
      <textarea
        id={id}
        className="input"
        rows={3}
        maxLength={mode === "private" ? 1000 : 2200}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={mode === "private" ? t("comments.replyBox.placeholderPrivate") : t("comments.replyBox.placeholderPublic")}
        autoFocus
        data-testid="reply-text"
      />
      {error && (
        <p className="alert alert--error small" role="alert" data-testid="reply-error">
          {error}
        </p>
      )}
      <div className="comment__actions">
        <button type="submit" className="btn btn--primary btn--sm" disabled={!text.trim() || pub.isPending || priv.isPending} data-testid="reply-send">
          {t("comments.replyBox.send")}
        </button>
        <button type="button" className="btn btn--ghost btn--sm" onClick={onDone}>
          {t("comments.replyBox.cancel")}
        </button>
      </div>
    </form>
  );
}
