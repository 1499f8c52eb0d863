// Instagram media containers, the first half of a post: created from public media URLs (image, carousel of 2–10
// children, reel, story), then checked until Meta has processed them. A failed or expired container cannot be
// published: its errors send the next attempt back to "start", which builds a new one.

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
): Promise<{ containerId: string; childIds: string[]; createdAt: string; usage: Usage | null }> {
  const createdAt = ig.now().toISOString();
  const endpoint = ig.url(channel, `${channel.externalId}/media`);
  const post = async (form: Record<string, string>): Promise<GraphResponse<z.infer<typeof idSchema>>> =>
    ig.call(channel, { method: "POST", url: endpoint, form, schema: idSchema, what: "create Instagram container" });
  const caption: Record<string, string> = request.caption ? { caption: request.caption } : {};
  const first = request.media[0];
  if (!first) throw invalidInput("instagram", "no media");

  if (request.format === "carousel") {
    const childIds: string[] = [];
    let usage: Usage | null = null;
    for (const m of request.media) {
      const res = await post(
        m.kind === "image"
          ? { is_carousel_item: "true", image_url: m.url, ...(m.altText ? { alt_text: m.altText } : {}) }
          : { is_carousel_item: "true", media_type: "VIDEO", video_url: m.url },
      );
      childIds.push(res.data.id);
      usage = res.usage ?? usage;
    }
    const parent = await post({ media_type: "CAROUSEL", children: childIds.join(","), ...caption });
    return { containerId: parent.data.id, childIds, createdAt, usage: parent.usage ?? usage };
  }
  let form: Record<string, string>;
  if (request.format === "reel") {
    form = {
      media_type: "REELS",
      video_url: first.url,
      ...caption,
      ...(request.shareToFeed !== undefined ? { share_to_feed: String(request.shareToFeed) } : {}),
      ...(request.coverUrl ? { cover_url: request.coverUrl } : {}),
    };
  } else if (request.format === "story") {
    form = { media_type: "STORIES", ...(first.kind === "image" ? { image_url: first.url } : { video_url: first.url }) };
  } else {
    form = { image_url: first.url, ...caption, ...(first.altText ? { alt_text: first.altText } : {}) };
  }
  const res = await post(form);
  return { containerId: res.data.id, childIds: [], createdAt, usage: res.usage };
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
  // ERROR: "Error: Media upload has failed with error code 2207026" → classify that subcode.
  const sub = /(\d{7})/.exec(status ?? "")?.[1];
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
