// Instagram media containers, the first half of a post: created from public media URLs (image, carousel of 2–10
// items, reel, story), then checked until Meta has processed them. A carousel's items are checked first: its
// CAROUSEL container may only be made once every item is FINISHED (a video item takes a while). A failed or expired
// container cannot be published: its errors send the next attempt back to "start", which builds a new one.

import { z } from "zod";
import { PlatformError, platformErrorFromGraph } from "../errors";
import type { GraphResponse } from "../graph/http";
import { idSchema } from "../graph/schemas";
import type { Usage } from "../graph/usage";
import type { Channel, InstagramPublishRequest } from "../types";
import { invalidInput } from "../validation";
import type { InstagramGraph } from "./graph";

const containerStatusSchema = z.object({
  id: z.string().optional(),
  status_code: z.enum(["IN_PROGRESS", "FINISHED", "ERROR", "EXPIRED", "PUBLISHED"]),
  status: z.string().optional(),
});

export type ContainerStatusCode = z.infer<typeof containerStatusSchema>["status_code"];

export async function createContainer(
  ig: InstagramGraph,
  channel: Channel,
  request: InstagramPublishRequest,
): Promise<{ containerId: string; createdAt: string; usage: Usage | null }> {
  const createdAt = ig.now().toISOString();
  const caption: Record<string, string> = request.caption ? { caption: request.caption } : {};
  const first = request.media[0];
  if (!first) throw invalidInput("instagram", "no media");
  let form: Record<string, string>;
  if (request.format === "reel") {
    form = {
      media_type: "REELS",
      video_url: first.url,
      ...caption,
      ...(request.shareToFeed !== undefined ? { share_to_feed: String(request.shareToFeed) } : {}),
      ...(request.coverUrl ? { cover_url: request.coverUrl } : {}),
      ...(request.thumbOffsetMs !== undefined ? { thumb_offset: String(Math.round(request.thumbOffsetMs)) } : {}),
    };
  } else if (request.format === "story") {
    form = { media_type: "STORIES", ...(first.kind === "image" ? { image_url: first.url } : { video_url: first.url }) };
  } else if (request.format === "feed") {
    form = { image_url: first.url, ...caption, ...(first.altText ? { alt_text: first.altText } : {}) };
  } else {
    throw invalidInput("instagram", "a carousel is made of item containers first (createCarouselItems)");
  }
  const res = await postContainer(ig, channel, form);
  return { containerId: res.data.id, createdAt, usage: res.usage };
}

/** A carousel's item containers, in order (`is_carousel_item=true`; a video item is `media_type=VIDEO`). */
export async function createCarouselItems(
  ig: InstagramGraph,
  channel: Channel,
  request: InstagramPublishRequest,
): Promise<{ childIds: string[]; createdAt: string; usage: Usage | null }> {
  const createdAt = ig.now().toISOString();
  const childIds: string[] = [];
  let usage: Usage | null = null;
  for (const m of request.media) {
    const res = await postContainer(
      ig,
      channel,
      m.kind === "image"
        ? { is_carousel_item: "true", image_url: m.url, ...(m.altText ? { alt_text: m.altText } : {}) }
        : { is_carousel_item: "true", media_type: "VIDEO", video_url: m.url },
    );
    childIds.push(res.data.id);
    usage = res.usage ?? usage;
  }
  return { childIds, createdAt, usage };
}

/** The CAROUSEL container over items that are all FINISHED (Meta refuses items still processing). */
export async function createCarouselContainer(
  ig: InstagramGraph,
  channel: Channel,
  request: InstagramPublishRequest,
  childIds: string[],
): Promise<{ containerId: string; usage: Usage | null }> {
  const res = await postContainer(ig, channel, {
    media_type: "CAROUSEL",
    children: childIds.join(","),
    ...(request.caption ? { caption: request.caption } : {}),
  });
  return { containerId: res.data.id, usage: res.usage };
}

function postContainer(ig: InstagramGraph, channel: Channel, form: Record<string, string>): Promise<GraphResponse<z.infer<typeof idSchema>>> {
  return ig.call(channel, {
    method: "POST",
    url: ig.url(channel, `${channel.externalId}/media`),
    form,
    schema: idSchema,
    what: "create Instagram container",
  });
}

export async function containerStatus(
  ig: InstagramGraph,
  channel: Channel,
  containerId: string,
): Promise<{ code: ContainerStatusCode; status: string | undefined; usage: Usage | null }> {
  const { data, usage } = await ig.call(channel, {
    method: "GET",
    url: ig.url(channel, containerId),
    query: { fields: "status_code,status" },
    schema: containerStatusSchema,
    safe: true,
    what: "check Instagram container status",
  });
  return { code: data.status_code, status: data.status, usage };
}

/** Throws unless the container is FINISHED: EXPIRED and ERROR are final, and the next attempt starts over. */
export function throwForContainer(code: ContainerStatusCode, status: string | undefined, containerId: string): void {
  if (code === "FINISHED") return;
  if (code === "EXPIRED") {
    // Not published within 24 h: the container is dead; restarting from "start" builds a new one.
    throw new PlatformError({
      kind: "invalid_input",
      platform: "instagram",
      subcode: 2207008,
      message: `container ${containerId} expired`,
      userMessage: "The prepared Instagram post expired before publishing. Publish it again.",
      progress: { platform: "instagram", step: "start" },
      retryable: true,
    });
  }
  // ERROR: "Error: Media upload has failed with error code 2207026" → classify that subcode (2207xxx, or a shorter
  // one such as 36003, aspect ratio).
  const sub = (/error code (\d{4,8})/i.exec(status ?? "") ?? /\b(\d{5,8})\b/.exec(status ?? ""))?.[1];
  const err = new PlatformError({
    kind: "invalid_media",
    platform: "instagram",
    subcode: sub ? Number(sub) : undefined,
    message: `container ${containerId} failed: ${status ?? code}`,
    userMessage: "Instagram could not process the media. Check its format and size.",
  });
  // A failed container cannot be published: the next attempt must build a new one.
  const failed = sub ? platformErrorFromStatus(Number(sub), err.message) : err;
  failed.progress = { platform: "instagram", step: "start" };
  throw failed;
}

/**
 * Throws unless a carousel item is FINISHED, naming the item: "item 2 of 3 (video)" is what a person can act on.
 * Like a failed container, a failed item sends the next attempt back to "start" (new items, new carousel).
 */
export function throwForCarouselItem(
  code: ContainerStatusCode,
  status: string | undefined,
  childId: string,
  item: { index: number; count: number; kind: "image" | "video" },
): void {
  try {
    throwForContainer(code, status, childId);
  } catch (e) {
    if (!(e instanceof PlatformError)) throw e;
    const which = `Carousel item ${item.index + 1} of ${item.count} (${item.kind})`;
    throw e.with({ message: `${which.toLowerCase()}: ${e.message}`, userMessage: `${which}: ${e.userMessage}` });
  }
}

/** Subcodes after which Meta says to build a new container: media expired, creation or upload failed, container expired. */
const NEW_CONTAINER_SUBCODES: ReadonlySet<number> = new Set([2207008, 2207020, 2207032, 2207053]);

/**
 * A `media_publish` refused with one of those subcodes: the container is dead, so the retry starts over with a new one
 * instead of asking to publish the same container again. (Refused means not published: no double post.)
 */
export function restartOnNewContainer(e: unknown): unknown {
  if (!(e instanceof PlatformError) || e.subcode === undefined || !NEW_CONTAINER_SUBCODES.has(e.subcode)) return e;
  return e.with({ retryable: true, progress: { platform: "instagram", step: "start" } });
}

/**
 * The wait after the n-th "not ready yet" answer: short at first (Meta: images are usually ready at once, video
 * takes seconds to minutes), doubling up to `capMs`; the number of checks stays bounded by containerMaxPolls.
 */
export function notReadyWait(ig: InstagramGraph, n: number, capMs: number): number {
  return Math.min(ig.config.containerFirstPollMs * 2 ** Math.max(n - 1, 0), capMs);
}

function platformErrorFromStatus(subcode: number, message: string): PlatformError {
  // Reuse the subcode table (2207026 unsupported video, 2207052 fetch failure…).
  return platformErrorFromGraph({ code: 9004, error_subcode: subcode, message }, { platform: "instagram" });
}
