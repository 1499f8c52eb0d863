// Instagram publishing as resumable steps: quota → container (containers.ts; a carousel's items first, checked until
// all are FINISHED, then its CAROUSEL container) → status checks → media_publish → permalink. Before media_publish on a saved container we re-read its status: a timeout after publishing may still
// have published it, and publishing twice would duplicate the post.

import { z } from "zod";
import { PlatformError, type PlatformErrorInit } from "../errors";
import { idSchema } from "../graph/schemas";
import type { Usage } from "../graph/usage";
import type {
  Channel,
  InstagramPublishProgress,
  InstagramPublishRequest,
  PublishHooks,
  PublishProgress,
  PublishRequest,
  PublishStepResult,
  WithUsage,
} from "../types";
import { charLength, invalidInput } from "../validation";
import { INSTAGRAM_CAPTION_MAX, INSTAGRAM_MAX_HASHTAGS, INSTAGRAM_MAX_MENTIONS } from "./capabilities";
import {
  containerStatus,
  createCarouselContainer,
  createCarouselItems,
  createContainer,
  notReadyWait,
  restartOnNewContainer,
  throwForCarouselItem,
  throwForContainer,
} from "./containers";
import type { InstagramGraph } from "./graph";
import { findPublishedMedia, permalink, type PublishedMedia } from "./published-media";

const limitSchema = z.object({
  data: z
    .array(
      z.object({
        quota_usage: z.number(),
        config: z.object({ quota_total: z.number(), quota_duration: z.number().optional() }).optional(),
      }),
    )
    .min(1),
});

/** The account's publishing quota, read at run time (Meta says 100 posts / 24 h but examples show 50). */
export async function publishingLimit(
  ig: InstagramGraph,
  channel: Channel,
): Promise<{ quotaUsage: number; quotaTotal: number | null; quotaDurationS: number | null } & WithUsage> {
  const { data, usage } = await ig.call(channel, {
    method: "GET",
    url: ig.url(channel, `${channel.externalId}/content_publishing_limit`),
    query: { fields: "quota_usage,config" },
    schema: limitSchema,
    safe: true,
    what: "read the Instagram publishing limit",
  });
  const d = data.data[0];
  return {
    quotaUsage: d?.quota_usage ?? 0,
    quotaTotal: d?.config?.quota_total ?? null,
    quotaDurationS: d?.config?.quota_duration ?? null,
    usage,
  };
}

export function validatePublish(request: InstagramPublishRequest): void {
  const invalid = (message: string, userMessage: string) => invalidInput("instagram", message, userMessage);
  const caption = request.caption ?? "";
  if (charLength(caption) > INSTAGRAM_CAPTION_MAX) {
    throw invalid("caption longer than 2200", "Caption longer than 2,200 characters.");
  }
  if ((caption.match(/(^|\s)#[^\s#]+/gu) ?? []).length > INSTAGRAM_MAX_HASHTAGS) {
    throw invalid("more than 30 hashtags", "More than 30 hashtags: Instagram allows 30.");
  }
  if ((caption.match(/(^|\s)@[\w.]+/gu) ?? []).length > INSTAGRAM_MAX_MENTIONS) {
    throw invalid("more than 20 mentions", "More than 20 @mentions: Instagram allows 20.");
  }
  const n = request.media.length;
  switch (request.format) {
    case "feed":
      if (n !== 1 || request.media[0]?.kind !== "image") throw invalid("feed post needs one image", "A feed post needs exactly one image (use a reel for video).");
      break;
    case "carousel":
      if (n < 2 || n > 10) throw invalid(`carousel of ${n}`, "A carousel needs between 2 and 10 images or videos.");
      break;
    case "reel":
      if (n !== 1 || request.media[0]?.kind !== "video") throw invalid("reel needs one video", "A reel needs exactly one video.");
      break;
    case "story":
      if (n !== 1) throw invalid("story needs one media", "A story needs exactly one image or video.");
      break;
  }
}

export async function publish(
  ig: InstagramGraph,
  channel: Channel,
  request: PublishRequest,
  progress?: PublishProgress | null,
  hooks?: PublishHooks,
): Promise<PublishStepResult> {
  if (request.platform !== "instagram") throw invalidInput("instagram", "not an Instagram publish request");
  let state: InstagramPublishProgress =
    progress && "platform" in progress && progress.platform === "instagram" ? progress : { platform: "instagram", step: "start" };
  let usage: Usage | null = null;
  let justChecked = false;
  // Every failure carries the progress reached so far: the caller saves it and retries from there.
  const fail = (e: unknown): never => {
    if (e instanceof PlatformError && e.progress === undefined) e.progress = state;
    throw e;
  };

  try {
    if (state.step === "published") {
      return finishPublished(ig, channel, state);
    }
    if (state.step === "start") {
      validatePublish(request);
      const limit = await publishingLimit(ig, channel);
      usage = limit.usage;
      if (limit.quotaTotal !== null && limit.quotaUsage >= limit.quotaTotal) {
        throw new PlatformError({
          kind: "quota",
          platform: "instagram",
          code: 9,
          subcode: 2207042,
          message: `publishing quota used: ${limit.quotaUsage}/${limit.quotaTotal}`,
          userMessage: `Instagram's limit of ${limit.quotaTotal} API-published posts per 24 hours is reached. The post will go out when it resets.`,
          retryAfterMs: 3_600_000,
          retryable: true,
        });
      }
      throwIfThrottled(limit.usage);
      if (request.format === "carousel") {
        const items = await createCarouselItems(ig, channel, request);
        usage = items.usage ?? usage;
        state = { platform: "instagram", step: "items_created", childIds: items.childIds, finishedIds: [], polls: 0, createdAt: items.createdAt };
      } else {
        const created = await createContainer(ig, channel, request);
        usage = created.usage ?? usage;
        state = { platform: "instagram", step: "container_created", containerId: created.containerId, childIds: [], polls: 0, createdAt: created.createdAt };
      }
      // The containers exist on Meta's side: the caller saves them before we go on, so a crash reuses them.
      await hooks?.onProgress?.(state);
      // Images are usually ready at once: check straight away instead of waiting a full poll interval.
    }
    if (state.step === "items_created") {
      // Every item must be FINISHED before the CAROUSEL container is made (Meta refuses items still processing):
      // checked with the same back-off and bound as a single container.
      const items = state;
      const finished = new Set(items.finishedIds);
      let pending = false;
      let videoPending = false;
      for (const [index, childId] of items.childIds.entries()) {
        if (finished.has(childId)) continue;
        const s = await containerStatus(ig, channel, childId);
        usage = s.usage ?? usage;
        if (s.code === "IN_PROGRESS") {
          pending = true;
          videoPending ||= request.media[index]?.kind === "video";
          continue;
        }
        throwForCarouselItem(s.code, s.status, childId, { index, count: items.childIds.length, kind: request.media[index]?.kind ?? "image" });
        finished.add(childId);
      }
      const finishedIds = items.childIds.filter((id) => finished.has(id));
      if (pending) {
        const next = nextCheck(ig, items, videoPending, usage, (checks) => ({
          message: `carousel items still IN_PROGRESS after ${checks} (${finishedIds.length}/${items.childIds.length} finished)`,
          userMessage: "Instagram is taking unusually long to process the carousel's videos. Sillage will check again.",
          progress: { ...items, finishedIds, polls: 0, waitedMs: 0 },
        }));
        state = { ...items, finishedIds, polls: next.polls, waitedMs: next.waitedMs };
        return { progress: state, done: false, waitMs: next.waitMs, usage };
      }
      state = { ...items, finishedIds };
      const parent = await createCarouselContainer(ig, channel, request, items.childIds);
      usage = parent.usage ?? usage;
      state = { platform: "instagram", step: "container_created", containerId: parent.containerId, childIds: items.childIds, polls: 0, createdAt: items.createdAt };
      await hooks?.onProgress?.(state);
    }
    if (state.step === "container_created") {
      const s = await containerStatus(ig, channel, state.containerId);
      usage = s.usage ?? usage;
      if (s.code === "IN_PROGRESS") {
        const created = state;
        const next = nextCheck(ig, created, request.media.some((m) => m.kind === "video"), usage, (checks) => ({
          message: `container ${created.containerId} still IN_PROGRESS after ${checks}`,
          userMessage: "Instagram is taking unusually long to process the media. Sillage will check again.",
          // The next attempt gets its own budget of checks, on the same container.
          progress: { ...created, polls: 0, waitedMs: 0 },
        }));
        state = { ...created, polls: next.polls, waitedMs: next.waitedMs };
        return { progress: state, done: false, waitMs: next.waitMs, usage };
      }
      if (s.code === "PUBLISHED") {
        return await recoverPublished(ig, channel, request, state);
      }
      throwForContainer(s.code, s.status, state.containerId);
      state = { platform: "instagram", step: "container_finished", containerId: state.containerId, childIds: state.childIds, createdAt: state.createdAt };
      justChecked = true;
    }
    if (state.step === "container_finished") {
      const finished = state;
      // Put off again and again by a container that should be ready: the attempt ends, so retries stay bounded.
      const waitAgain = (capMs: number, from: typeof finished = finished): PublishStepResult => {
        const waits = (from.waits ?? 0) + 1;
        if (waits >= ig.config.containerMaxPolls) {
          throw new PlatformError({
            kind: "retryable",
            platform: "instagram",
            message: `container ${finished.containerId} still not publishable after ${waits} waits`,
            userMessage: "Instagram keeps saying the media is not ready to publish. Sillage will try again.",
            progress: { ...from, waits: 0 },
          });
        }
        state = { ...from, waits };
        return { progress: state, done: false, waitMs: notReadyWait(ig, waits, capMs), usage };
      };
      if (!justChecked) {
        // Never publish blindly from saved progress: a previous attempt may have published before its
        // answer was lost. (Skipped only when this very call just read FINISHED.)
        const s = await containerStatus(ig, channel, state.containerId);
        usage = s.usage ?? usage;
        if (s.code === "PUBLISHED") return await recoverPublished(ig, channel, request, state);
        if (s.code === "IN_PROGRESS") return waitAgain(ig.config.containerPollMs);
        throwForContainer(s.code, s.status, state.containerId);
        if (finished.publishSentAt) {
          // The last media_publish got no answer and the container does not say PUBLISHED: Meta's other witness is
          // the account's media list (a list that fails ends the attempt here: never publish on a guess).
          const listed = await findPublishedMedia(ig, channel, { caption: request.caption ?? "", createdAt: finished.createdAt });
          usage = listed.usage ?? usage;
          if (listed.media) {
            const { id, permalink: link } = listed.media;
            return await finishPublished(ig, channel, { platform: "instagram", step: "published", containerId: finished.containerId, mediaId: id, permalink: link, createdAt: finished.createdAt }, usage);
          }
        }
      }
      if (hooks?.mayPublish && !(await hooks.mayPublish())) return { progress: state, done: false, halted: true, usage };
      // Saved before the call: an answer lost to a timeout or a dead worker leaves this mark for the next attempt.
      const { publishSentAt: _previous, ...answered } = finished;
      state = { ...answered, publishSentAt: ig.now().toISOString() };
      await hooks?.onProgress?.(state);
      let mediaId: string;
      try {
        const res = await ig.call(channel, {
          method: "POST",
          url: ig.url(channel, `${channel.externalId}/media_publish`),
          form: { creation_id: state.containerId },
          schema: idSchema,
          what: "publish Instagram media",
        });
        mediaId = res.data.id;
        usage = res.usage ?? usage;
      } catch (e) {
        if (e instanceof PlatformError && (e.subcode === 2207027 || e.code === 9007)) {
          // "Media ID is not available": not ready yet, and not published; wait and come back (the status check
          // comes first again).
          return waitAgain(ig.config.publishRetryWaitMs, answered);
        }
        throw restartOnNewContainer(e);
      }
      state = { platform: "instagram", step: "published", containerId: state.containerId, mediaId, permalink: null, createdAt: state.createdAt };
      return await finishPublished(ig, channel, state, usage);
    }
    throw invalidInput("instagram", "unknown publish progress");
  } catch (e) {
    return fail(e);
  }
}

/**
 * When to check a container still processing again, or — once this attempt has used its checks or its time (Meta:
 * poll once a minute for at most 5 minutes) — a retryable error carrying `giveUp`'s progress. A video is checked
 * once a minute; an image, usually ready at once, after 0.5 s, 1 s, 2 s … up to a minute.
 */
function nextCheck(
  ig: InstagramGraph,
  progress: { polls: number; waitedMs?: number },
  video: boolean,
  usage: Usage | null,
  giveUp: (checks: string) => Pick<PlatformErrorInit, "message" | "userMessage" | "progress">,
): { polls: number; waitedMs: number; waitMs: number } {
  const polls = progress.polls + 1;
  const waitedMs = progress.waitedMs ?? 0;
  if (polls >= ig.config.containerMaxPolls || waitedMs >= ig.config.containerPollBudgetMs) {
    throw new PlatformError({ kind: "retryable", platform: "instagram", ...giveUp(`${polls} checks over ${Math.round(waitedMs / 1000)} s`) });
  }
  const cadence = video ? ig.config.containerPollMs : notReadyWait(ig, polls, ig.config.containerPollMs);
  // Meta's announced time to regain access (usage headers) stretches the wait: polling must not prolong throttling.
  const waitMs = Math.max(cadence, usage?.regainAccessMs ?? 0);
  return { polls, waitedMs: waitedMs + waitMs, waitMs };
}

/**
 * Meta announced a wait (`estimated_time_to_regain_access` in X-Business-Use-Case-Usage): the account is throttled,
 * and creating containers now would only be refused. Nothing was created yet: the attempt waits as for a rate limit.
 * (The percentages alone are not acted on here: the comments poller slows down on them; publishing is a few calls.)
 */
function throwIfThrottled(usage: Usage | null): void {
  if (!usage?.regainAccessMs) return;
  throw new PlatformError({
    kind: "rate_limited",
    platform: "instagram",
    message: `Meta throttles the account (usage ${usage.maxPercent} %): access regained in ${Math.round(usage.regainAccessMs / 60_000)} min`,
    retryAfterMs: usage.regainAccessMs,
  });
}

/**
 * The container says PUBLISHED but we lost the media id (the publish answer never arrived): the post IS live, so
 * this always ends done. The media id and permalink come from the account's media list when it shows the post;
 * when the list fails or does not show it yet, the result is done without them (`mediaId: null`) and the caller
 * looks them up later (`findPublishedMedia`). Never an error: that would report a live post as failed.
 */
async function recoverPublished(
  ig: InstagramGraph,
  channel: Channel,
  request: InstagramPublishRequest,
  state: Extract<InstagramPublishProgress, { containerId: string; createdAt: string }>,
): Promise<PublishStepResult> {
  let found: PublishedMedia | null = null;
  let usage: Usage | null = null;
  const warnings: string[] = [];
  try {
    const res = await findPublishedMedia(ig, channel, { caption: request.caption ?? "", createdAt: state.createdAt });
    found = res.media;
    usage = res.usage;
    if (!found) warnings.push(`container ${state.containerId} is PUBLISHED but its media is not listed yet`);
  } catch (e) {
    warnings.push(`container ${state.containerId} is PUBLISHED; its media lookup failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const published: InstagramPublishProgress = {
    platform: "instagram",
    step: "published",
    containerId: state.containerId,
    mediaId: found?.id ?? null,
    permalink: found?.permalink ?? null,
    createdAt: state.createdAt,
  };
  const result = await finishPublished(ig, channel, published, usage);
  return warnings.length ? { ...result, warnings: [...warnings, ...(result.warnings ?? [])] } : result;
}

async function finishPublished(
  ig: InstagramGraph,
  channel: Channel,
  state: Extract<InstagramPublishProgress, { step: "published" }>,
  usage: Usage | null = null,
): Promise<PublishStepResult> {
  let link = state.permalink;
  const warnings: string[] = [];
  if (!link && state.mediaId) {
    try {
      const p = await permalink(ig, channel, state.mediaId);
      link = p.permalink;
      usage = p.usage ?? usage;
    } catch (e) {
      // The post is live: a failed lookup must never look like a failed publish (which would re-publish).
      warnings.push(`permalink lookup failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return {
    progress: { ...state, permalink: link },
    done: true,
    // No media id yet (recovered from a PUBLISHED container): the caller looks it up later.
    ...(state.mediaId ? { platformPostId: state.mediaId } : {}),
    permalink: link,
    usage,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
