// The media whose comments are followed (`comment_posts`): Sillage's own posts and media published outside it, found
// in the account's media list (once per cycle) or named by a comment webhook.
import type { AccountMedia, Channel } from "@sillage/connectors";
import { isPlatformError } from "@sillage/connectors";
import { sql, type Database } from "@sillage/db";
import { optionsOf, POLL_DAYS_MS, type CommentsDeps } from "./deps";
import type { PostRef } from "./store";

/** Where a post's first check falls within the interval: a stable spread (by id) so checks never burst at :00. */
export function phaseOf(key: string, intervalMs: number): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % intervalMs;
}

export interface PostRow {
  id: string;
  workspace_id: string;
  channel_id: string;
  platform_media_id: string;
  publication_id: string | null;
  created_at: Date;
  published_at: Date | null;
}

/** Comments older than this when a post is first followed are its backlog: stored, never triaged (no answers to week-old comments). */
const BACKLOG_SLACK_MS = 60 * 60_000;

export function postRef(row: PostRow): PostRef {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    channelId: row.channel_id,
    platformMediaId: row.platform_media_id,
    publicationId: row.publication_id,
    triageFrom: new Date(row.created_at.getTime() - BACKLOG_SLACK_MS),
  };
}

const POST_COLUMNS = ["id", "workspace_id", "channel_id", "platform_media_id", "publication_id", "created_at", "published_at"] as const;

/**
 * Follows a media (idempotent on channel + media id): links it to the Sillage publication that published it when
 * there is one, keeps its caption and permalink fresh, and schedules its first check at its phase within the
 * interval; polling ends at published + 7 days. `deleted`: Graph says the media is gone (kept, never polled).
 */
export async function followMedia(
  db: Database,
  deps: Pick<CommentsDeps, "comments">,
  channel: { id: string; workspaceId: string },
  media: AccountMedia,
  now: Date,
  opts: { deleted?: boolean } = {},
): Promise<PostRow> {
  const { intervalMs } = optionsOf(deps);
  const publication = await db
    .selectFrom("post_publications")
    .select(["id", "published_at"])
    .where("channel_id", "=", channel.id)
    .where("platform_post_id", "=", media.id)
    .executeTakeFirst();
  const publishedAt = media.timestamp ? new Date(media.timestamp) : (publication?.published_at ?? null);
  const stopAt = new Date((publishedAt ?? now).getTime() + POLL_DAYS_MS);
  const firstCheck = new Date(now.getTime() + phaseOf(media.id, intervalMs));
  const polled = !opts.deleted && stopAt > now;
  const row = await db
    .insertInto("comment_posts")
    .values({
      workspace_id: channel.workspaceId,
      channel_id: channel.id,
      platform_media_id: media.id,
      publication_id: publication?.id ?? null,
      origin: publication ? "sillage" : "outside",
      caption: media.caption,
      permalink: media.permalink,
      media_product_type: media.mediaProductType,
      image_url: media.imageUrl,
      image_url_at: media.imageUrl ? now : null,
      published_at: publishedAt,
      stop_at: stopAt,
      next_check_at: polled ? firstCheck : null,
      last_check_status: polled ? null : "stopped",
      deleted_at: opts.deleted ? now : null,
      // The injected clock's time: the triage cut-off (postRef) compares it with comments' times.
      created_at: now,
    })
    .onConflict((oc) =>
      oc.columns(["channel_id", "platform_media_id"]).doUpdateSet({
        caption: sql`coalesce(excluded.caption, comment_posts.caption)`,
        permalink: sql`coalesce(excluded.permalink, comment_posts.permalink)`,
        media_product_type: sql`coalesce(excluded.media_product_type, comment_posts.media_product_type)`,
        // Graph's image URLs expire: the latest one read wins.
        image_url: sql`coalesce(excluded.image_url, comment_posts.image_url)`,
        image_url_at: sql`case when excluded.image_url is not null then excluded.image_url_at else comment_posts.image_url_at end`,
        publication_id: sql`coalesce(comment_posts.publication_id, excluded.publication_id)`,
        origin: sql`case when comment_posts.publication_id is null and excluded.publication_id is not null then 'sillage' else comment_posts.origin end`,
        // A row made from a webhook before the media was readable learns its real publication time here.
        published_at: sql`coalesce(comment_posts.published_at, excluded.published_at)`,
        stop_at: sql`case when comment_posts.published_at is null and excluded.published_at is not null then excluded.stop_at else comment_posts.stop_at end`,
      }),
    )
    .returning(POST_COLUMNS)
    .executeTakeFirstOrThrow();
  return row;
}

/** The post of a media a comment webhook named, followed on the fly when Sillage did not know it (its caption and permalink read from Graph). */
export async function postForWebhook(
  deps: CommentsDeps,
  channel: { id: string; workspaceId: string; connector: Channel },
  mediaId: string,
  mediaProductType: string | null,
  now: Date,
): Promise<PostRow> {
  const known = await deps.db.selectFrom("comment_posts").select(POST_COLUMNS).where("channel_id", "=", channel.id).where("platform_media_id", "=", mediaId).executeTakeFirst();
  if (known) return known;
  try {
    const { media } = await deps.connectors.instagram.mediaInfo(channel.connector, mediaId);
    return await followMedia(deps.db, deps, channel, media, now);
  } catch (err) {
    // The post was deleted meanwhile: its comment is still kept, under a post marked deleted.
    const deleted = isPlatformError(err) && err.kind === "not_found";
    if (!deleted) deps.logger?.warn({ err, channelId: channel.id, mediaId }, "comments: media unreadable; followed without caption until the next media listing");
    const bare: AccountMedia = { id: mediaId, caption: null, permalink: null, mediaProductType, timestamp: null, imageUrl: null };
    return followMedia(deps.db, deps, channel, bare, now, { deleted });
  }
}

/**
 * Stores the fresh image URL of media already followed, as a media listing read them (no extra call): Instagram CDN
 * URLs expire, so each listing refreshes the ones it saw.
 */
export async function refreshMediaImages(db: Database, channelId: string, media: readonly AccountMedia[], now: Date): Promise<void> {
  for (const m of media) {
    if (!m.imageUrl) continue;
    await db
      .updateTable("comment_posts")
      .set({ image_url: m.imageUrl, image_url_at: now })
      .where("channel_id", "=", channelId)
      .where("platform_media_id", "=", m.id)
      .where((eb) => eb.or([eb("image_url", "is", null), eb("image_url", "<>", m.imageUrl)]))
      .execute();
  }
}
