import { useQuery } from "@tanstack/react-query";
import { createLazyRoute, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CommentSettings } from "../components/comments/CommentSettings";
import { CommentThreads, type CommentFilter } from "../components/comments/CommentThreads";
import { PostList } from "../components/comments/PostList";
import { PageHeader } from "../components/PageHeader";
import { TopicsView } from "../components/topics/TopicsView";
import { useTRPC } from "../lib/trpc";
import "../components/comments/comments.css";

/**
 * Instagram comments to answer or moderate: the followed posts on the left, the open post's comments (replies nested,
 * triage and its reason, reply / hide / delete) on the right, above them the post's comment topics (TopicsView);
 * on a phone one at a time, the open post in the URL.
 * Live: `comment.*` events refresh both (lib/events.tsx).
 */
export const Route = createLazyRoute("/app/comments")({ component: CommentsPage });

function CommentsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { p: selected } = Route.useSearch();
  const navigate = useNavigate({ from: "/comments" });
  const [filter, setFilter] = useState<CommentFilter>("all");
  const posts = useQuery(trpc.comments.posts.queryOptions({ limit: 50 }));
  const post = posts.data?.items.find((p) => p.id === selected);
  const select = (id: string | undefined) => void navigate({ search: id ? { p: id } : {} });
  return (
    <div className="page page--comments">
      <PageHeader title={t("pages.comments.title")} description={t("pages.comments.description")} />
      <CommentSettings />
      <div className={`comments${selected ? " comments--post-open" : ""}`} data-testid="comments">
        <PostList selected={selected} onSelect={select} />
        <section className="comments__pane" aria-label={post?.caption ?? t("comments.postsLabel")}>
          {selected ? (
            <>
              <div className="comments__pane-head">
                <button type="button" className="btn btn--ghost btn--sm comments__back" onClick={() => select(undefined)} data-testid="comments-back">
                  ← {t("comments.back")}
                </button>
                {post?.caption && <p className="comments__caption">{post.caption}</p>}
                {post?.permalink && (
                  <a className="small" href={post.permalink} target="_blank" rel="noreferrer">
                    {t("comments.openOnInstagram")}
                  </a>
                )}
              </div>
              {/* Topics name posts by their platform media id (comment_posts.platform_media_id), not our row id. */}
              {post?.platformMediaId && (
                <section className="comments__topics" aria-labelledby="comments-topics-title" data-testid="comments-topics">
                  <h2 id="comments-topics-title" className="small muted">
                    {t("topics.title")}
                  </h2>
                  <TopicsView key={post.platformMediaId} postId={post.platformMediaId} compact />
                </section>
              )}
              <CommentThreads key={selected} postId={selected} filter={filter} onFilter={setFilter} />
            </>
          ) : (
            <p className="muted comments__empty">{t("comments.pickPost")}</p>
          )}
        </section>
      </div>
    </div>
  );
}
