// A published post's media: its permalink, and — when the `media_publish` answer was lost — the media a container
// became, found in the account's media list.

import { z } from "zod";
import { graphPages, nextCursor, pageSchema } from "../graph/paging";
import type { Usage } from "../graph/usage";
import { graphTime } from "../time";
import type { Channel, WithUsage } from "../types";
import type { InstagramGraph } from "./graph";

/** Pages of the account's media read when looking for a post whose publish answer was lost (50 a page). */
const MEDIA_LOOKUP_MAX_PAGES = 10;

const mediaSchema = z.object({
  id: z.string(),
  permalink: z.string().optional(),
  media_type: z.string().optional(),
  media_product_type: z.string().optional(),
  shortcode: z.string().optional(),
  timestamp: z.string().optional(),
  caption: z.string().optional(),
  // The image CDN URLs (IMAGE and CAROUSEL_ALBUM: media_url; VIDEO: thumbnail_url). They expire: never permanent.
  media_url: z.string().url().optional().catch(undefined),
  thumbnail_url: z.string().url().optional().catch(undefined),
});
const mediaPageSchema = pageSchema(mediaSchema);

/** A published post found in the account's media. */
export interface PublishedMedia {
  id: string;
  permalink: string | null;
}

export async function permalink(
  ig: InstagramGraph,
  channel: Channel,
  mediaId: string,
): Promise<{ permalink: string | null; mediaType: string | null; mediaProductType: string | null } & WithUsage> {
  const { data, usage } = await ig.call(channel, {
    method: "GET",
    url: ig.url(channel, mediaId),
    query: { fields: "id,permalink,media_type,media_product_type,shortcode,timestamp" },
    schema: mediaSchema,
    safe: true,
    what: "look up Instagram permalink",
  });
  return {
    permalink: data.permalink ?? null,
    mediaType: data.media_type ?? null,
    mediaProductType: data.media_product_type ?? null,
    usage,
  };
}

/**
 * The media a container became, found in the account's media (newest first, paged): Graph has no container → media
 * link, so it is the earliest media with the same caption published after the container was created (one minute
 * of slack for clock differences). Pages are read back to that time only. `media: null` when not listed (yet).
 */
export async function findPublishedMedia(
  ig: InstagramGraph,
  channel: Channel,
  post: { caption: string; createdAt: string },
): Promise<{ media: PublishedMedia | null } & WithUsage> {
  const since = new Date(post.createdAt).getTime() - 60_000;
  const candidates: z.infer<typeof mediaSchema>[] = [];
  let usage: Usage | null = null;
  const pages = graphPages(
    (after) =>
      ig.call(channel, {
        method: "GET",
        url: ig.url(channel, `${channel.externalId}/media`),
        query: { fields: "id,caption,timestamp,permalink,media_type,media_product_type", limit: 50, after },
        schema: mediaPageSchema,
        safe: true,
        what: "list recent Instagram media",
      }),
    { maxPages: Math.min(ig.config.maxPages, MEDIA_LOOKUP_MAX_PAGES) },
  );
  for await (const res of pages) {
    usage = res.usage ?? usage;
    candidates.push(...res.data.data.filter((m) => (m.caption ?? "") === post.caption && (!m.timestamp || graphTime(m.timestamp) >= since)));
    const oldest = res.data.data[res.data.data.length - 1];
    // Newest first: once a page reaches back before the container existed, older pages cannot hold the post.
    if (!oldest?.timestamp || graphTime(oldest.timestamp) < since) break;
  }
  const found = candidates.sort((a, b) => graphTime(a.timestamp ?? "") - graphTime(b.timestamp ?? ""))[0];
  return { media: found ? { id: found.id, permalink: found.permalink ?? null } : null, usage };
}

/** A media of the account as the comments need it (caption and permalink for posts published outside Sillage). */
export interface AccountMedia {
  id: string;
  caption: string | null;
  permalink: string | null;
  mediaProductType: string | null;
  /** ISO publication time. */
  timestamp: string | null;
  /** The post's image as Graph serves it now (a video's thumbnail): a CDN URL that expires, refreshed on each listing. */
  imageUrl: string | null;
}

/** A video's `media_url` is the video itself: its image is `thumbnail_url`. */
const imageOf = (m: z.infer<typeof mediaSchema>): string | null =>
  (m.media_type === "VIDEO" ? m.thumbnail_url : (m.media_url ?? m.thumbnail_url)) ?? null;

const toAccountMedia = (m: z.infer<typeof mediaSchema>): AccountMedia => ({
  id: m.id,
  caption: m.caption ?? null,
  permalink: m.permalink ?? null,
  mediaProductType: m.media_product_type ?? null,
  timestamp: m.timestamp ? new Date(graphTime(m.timestamp)).toISOString() : null,
  imageUrl: imageOf(m),
});

/** One page of the account's media, newest first (`GET /{ig-user-id}/media`, 50 a page). */
export async function listAccountMedia(
  ig: InstagramGraph,
  channel: Channel,
  after?: string | null,
): Promise<{ media: AccountMedia[]; after: string | null } & WithUsage> {
  const { data, usage } = await ig.call(channel, {
    method: "GET",
    url: ig.url(channel, `${channel.externalId}/media`),
    query: { fields: "id,caption,timestamp,permalink,media_type,media_product_type,media_url,thumbnail_url", limit: 50, after: after ?? undefined },
    schema: mediaPageSchema,
    safe: true,
    what: "list recent Instagram media",
  });
  return { media: data.data.map(toAccountMedia), after: nextCursor(data.paging), usage };
}

/** One media's caption, permalink and time (a comment webhook named a media Sillage did not know). */
export async function mediaInfo(ig: InstagramGraph, channel: Channel, mediaId: string): Promise<{ media: AccountMedia } & WithUsage> {
  const { data, usage } = await ig.call(channel, {
    method: "GET",
    url: ig.url(channel, mediaId),
    query: { fields: "id,caption,timestamp,permalink,media_type,media_product_type,media_url,thumbnail_url" },
    schema: mediaSchema,
    safe: true,
    what: "read Instagram media",
  });
  return { media: toAccountMedia(data), usage };
}
