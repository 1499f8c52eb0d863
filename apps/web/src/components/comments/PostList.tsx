import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { errorMessageOf } from "../../lib/errors";
import { useFormatters } from "../../lib/format";
import { useTRPC, type RouterOutputs } from "../../lib/trpc";
import { ConnectChannelsNote } from "../ConnectChannelsNote";
import { Icon } from "../Icon";

type Post = RouterOutputs["comments"]["posts"]["items"][number];

/** No post followed: without an Instagram account none can be, so the way forward is the channels page. */
function NoPosts() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const channels = useQuery(trpc.channels.list.queryOptions());
  if (!channels.isSuccess) return null;
  if (channels.data.some((c) => c.platform === "instagram")) return <p className="muted comments__empty">{t("comments.noPosts")}</p>;
  return <ConnectChannelsNote className="comments__empty" why={t("comments.noPosts")} link={t("channels.oauth.button")} testId="comments-empty" linkTestId="comments-connect-instagram" />;
}

/** The followed posts, newest first: caption, date, new and escalated counts, "checked 2 min ago · until 9 Dec". */
export function PostList({ selected, onSelect }: { selected: string | undefined; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const posts = useQuery(trpc.comments.posts.queryOptions({ limit: 50 }));
  const items = posts.data?.items ?? [];
  return (
    <nav className="comments__posts" aria-label={t("comments.postsLabel")}>
      {posts.isError && <p className="alert alert--error" role="alert">{errorMessageOf(posts.error, t)}</p>}
      {posts.isSuccess && items.length === 0 && <NoPosts />}
      <ul className="comments__post-list" data-testid="comment-posts">
        {items.map((p) => (
          <li key={p.id}>
            <button type="button" className={`comments__post${p.id === selected ? " comments__post--active" : ""}`} aria-current={p.id === selected ? "true" : undefined} onClick={() => onSelect(p.id)} data-testid="comment-post" data-post-id={p.id}>
              <PostRow post={p} />
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function PostRow({ post }: { post: Post }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <>
      <PostThumb post={post} />
      <span className="comments__post-main">
        <span className="comments__caption">{post.caption?.trim() || t("comments.noCaption")}</span>
        <span className="small muted">
          {format.date(post.publishedAt ?? post.createdAt)} · {t("comments.commentsCount", { count: post.comments })}
          {post.origin === "outside" && ` · ${t("comments.outside")}`}
        </span>
        <span className="comments__counts">
          {post.unanswered > 0 && (
            <span className="badge comments__new" data-testid="post-new">
              {t("comments.newCount", { count: post.unanswered })}
            </span>
          )}
          {post.escalated > 0 && (
            <span className="badge badge--waiting" data-testid="post-escalated">
              {t("comments.escalatedCount", { count: post.escalated })}
            </span>
          )}
        </span>
        <span className="small muted" data-testid="post-polling">
          {pollingLine(post, t, format)}
        </span>
      </span>
    </>
  );
}

/** The post's image (a CDN URL that may have expired since the last listing): the icon when missing or unloadable. */
function PostThumb({ post }: { post: Post }) {
  const [failed, setFailed] = useState<string | null>(null);
  const url = post.imageUrl && failed !== post.imageUrl ? post.imageUrl : null;
  if (!url) {
    return (
      <span className="comments__thumb" aria-hidden="true">
        <Icon name="comments" />
      </span>
    );
  }
  return (
    <span className="comments__thumb">
      <img src={url} alt={captionStart(post.caption)} loading="lazy" referrerPolicy="no-referrer" onError={() => setFailed(url)} data-testid="post-thumb" />
    </span>
  );
}

/** The alt text: the caption's first words (the full caption is next to it). */
function captionStart(caption: string | null): string {
  const text = caption?.trim().replace(/\s+/g, " ") ?? "";
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function pollingLine(post: Post, t: TFunction, format: ReturnType<typeof useFormatters>): string {
  const { polling } = post;
  const checked = polling.lastCheckAt ? t("comments.checked", { ago: format.relative(polling.lastCheckAt) }) : t("comments.neverChecked");
  if (polling.state === "ended") return polling.lastCheckAt ? `${checked} · ${t("comments.stopped")}` : t("comments.stopped");
  const parts = [checked, t("comments.until", { date: format.date(polling.stopAt) })];
  if (polling.state === "paused_reconnect") parts.push(t("comments.paused"));
  else if (polling.state === "paused_throttled") parts.push(t("comments.throttled"));
  else if (polling.state === "slowed") parts.push(t("comments.slowed"));
  return parts.join(" · ");
}
