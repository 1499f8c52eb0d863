import { GraphError, invalidParam, unsupported } from "../errors.js";
import { ids } from "../ids.js";
import { authFor, type GraphCtx } from "../context.js";
import { paginate } from "../paging.js";
import { bool, pick, str, type FieldSpec } from "../params.js";
import { commentsOfMedia } from "./comments.js";
import { refuseFeedImageShape } from "./image-shape.js";
import { DAY, metaTime, type Container, type ContainerStatus, type FakeGraphState, type IgMedia, type InstagramAccount } from "../state.js";

const STATUS_TEXT: Record<ContainerStatus, string> = {
  IN_PROGRESS: "In Progress: Media is still being processed.",
  FINISHED: "Finished: Media has been uploaded and it is ready to be published.",
  ERROR: "Error: Media upload has failed with error code 2207026",
  EXPIRED: "Expired: Media was not published within 24 hours.",
  PUBLISHED: "Published: Media has been successfully published.",
};

const NON_JPEG = /\.(png|gif|webp|heic|heif|bmp|tiff?|avif)$/i;

/**
 * Container state machine (contract §3): IN_PROGRESS while processing (`containerProcessingMs` after creation) and
 * for N observations (status reads or rejected publish attempts; N = `containerPollsInProgress`, plus
 * `videoPollsInProgress` for a video), then FINISHED; ERROR/EXPIRED when injected; EXPIRED 24 h after creation;
 * PUBLISHED once published.
 */
export function containerStatus(state: FakeGraphState, c: Container, observe: boolean): { status: ContainerStatus; subcode?: number } {
  // Publishing clears a forced status: one forced afterwards is a stale read of a published container.
  if (c.forced) return { status: c.forced.status, subcode: c.forced.errorSubcode };
  if (c.publishedMediaId) return { status: "PUBLISHED" };
  if (state.now() - c.createdAt >= DAY) return { status: "EXPIRED" };
  let pending = false;
  for (const childId of c.children) {
    const child = state.containers.get(childId);
    if (!child) continue;
    const s = containerStatus(state, child, observe);
    if (s.status === "ERROR" || s.status === "EXPIRED") return s;
    if (s.status === "IN_PROGRESS") pending = true;
  }
  if (state.now() < c.readyAt) return { status: "IN_PROGRESS" };
  if (c.pollsRemaining > 0) {
    if (observe) c.pollsRemaining--;
    return { status: "IN_PROGRESS" };
  }
  return { status: pending ? "IN_PROGRESS" : "FINISHED" };
}

function statusText(s: { status: ContainerStatus; subcode?: number }): string {
  if (s.status === "ERROR") return `Error: Media upload has failed with error code ${s.subcode ?? 2207026}`;
  return STATUS_TEXT[s.status];
}

function checkHttpUrl(name: string, v: string | undefined): string {
  if (!v) throw invalidParam(`(#100) The parameter ${name} is required.`);
  if (!/^https?:\/\//i.test(v)) throw invalidParam(`(#100) Param ${name} is not a valid URI.`);
  return v;
}

function checkJpeg(url: string) {
  const path = new URL(url).pathname;
  // Meta only accepts JPEG for image containers; we can only judge by the extension.
  if (NON_JPEG.test(path)) {
    throw new GraphError({
      code: 9004,
      subcode: 2207005,
      message: "The image format is not supported.",
      userTitle: "Unsupported format",
      userMsg: "The image format is not supported. Supported formats are: JPEG",
    });
  }
}

/** A reel's optional cover (contract §3.1): `cover_url` a public JPEG, `thumb_offset` a frame in milliseconds. */
function checkReelCover(p: GraphCtx["params"]) {
  const cover = str(p, "cover_url");
  if (cover !== undefined) checkJpeg(checkHttpUrl("cover_url", cover));
  const offset = str(p, "thumb_offset");
  if (offset !== undefined && !/^\d+$/.test(offset)) throw invalidParam("(#100) Param thumb_offset must be a non-negative integer (milliseconds).");
  const share = str(p, "share_to_feed");
  if (share !== undefined && !/^(true|false)$/i.test(share)) throw invalidParam("(#100) Param share_to_feed must be a boolean.");
}

/** POST /{ig}/media */
export async function createContainer(ctx: GraphCtx, a: InstagramAccount, pathId: string) {
  authFor(ctx, a.igUserId, pathId, "post");
  ctx.bucId = a.igUserId;
  const p = ctx.params;
  const mediaType = (str(p, "media_type") ?? "IMAGE").toUpperCase();
  const isCarouselItem = bool(p, "is_carousel_item") ?? false;
  const caption = str(p, "caption");
  if (caption !== undefined && [...caption].length > 2200) {
    throw new GraphError({
      code: 100,
      subcode: 2207010,
      message: "The caption was too long.",
      userTitle: "Caption too long",
      userMsg: "The caption exceeds the maximum of 2200 characters.",
    });
  }
  const c: Container = {
    id: ids.container(),
    igUserId: a.igUserId,
    mediaType: "IMAGE",
    isCarouselItem,
    caption: isCarouselItem ? undefined : caption,
    children: [],
    createdAt: ctx.now,
    pollsRemaining: ctx.state.config.containerPollsInProgress,
    readyAt: ctx.now + ctx.state.config.containerProcessingMs,
    params: { ...p, access_token: undefined },
  };
  switch (mediaType) {
    case "IMAGE": {
      c.imageUrl = checkHttpUrl("image_url", str(p, "image_url"));
      checkJpeg(c.imageUrl);
      // A feed image or a carousel item; a story takes any shape (9:16 recommended).
      await refuseFeedImageShape(c.imageUrl);
      break;
    }
    case "VIDEO":
      if (!isCarouselItem) {
        throw invalidParam("(#100) The VIDEO media type is no longer supported for single videos. Use REELS instead.");
      }
      c.mediaType = "VIDEO";
      c.videoUrl = checkHttpUrl("video_url", str(p, "video_url"));
      break;
    case "REELS":
      c.mediaType = "REELS";
      c.videoUrl = checkHttpUrl("video_url", str(p, "video_url"));
      checkReelCover(p);
      break;
    case "STORIES": {
      c.mediaType = "STORIES";
      const img = str(p, "image_url");
      if (img) {
        c.imageUrl = checkHttpUrl("image_url", img);
        checkJpeg(img);
      } else c.videoUrl = checkHttpUrl("video_url", str(p, "video_url"));
      break;
    }
    case "CAROUSEL": {
      c.mediaType = "CAROUSEL";
      const raw = p.children;
      const children = (Array.isArray(raw) ? raw.map(String) : (str(p, "children") ?? "").split(","))
        .map((x) => x.trim())
        .filter(Boolean);
      if (children.length < 2 || children.length > 10) {
        throw invalidParam("(#100) The parameter children must contain between 2 and 10 carousel items.");
      }
      for (const id of children) {
        const child = ctx.state.containers.get(id);
        if (!child || child.igUserId !== a.igUserId || !child.isCarouselItem || child.publishedMediaId) {
          throw invalidParam(`(#100) Param children contains an invalid carousel item: ${id}`);
        }
        refuseUnfinishedChild(ctx.state, child);
      }
      c.children = children;
      break;
    }
    default:
      throw invalidParam(`(#100) Param media_type must be one of {IMAGE, VIDEO, REELS, STORIES, CAROUSEL} - got "${mediaType}".`);
  }
  // Meta transcodes video: a video container stays IN_PROGRESS longer than an image (contract §3.2).
  if (c.videoUrl) c.pollsRemaining += ctx.state.config.videoPollsInProgress;
  ctx.state.containers.set(c.id, c);
  return { id: c.id };
}

/**
 * Every carousel item must be FINISHED before its CAROUSEL container is made (a video item is IN_PROGRESS while Meta
 * transcodes it). Creating the carousel is not a status read: it does not move a child's processing on. The codes
 * follow the ones media_publish gives for the same states (the exact answer at creation is UNVERIFIED).
 */
function refuseUnfinishedChild(state: FakeGraphState, child: Container): void {
  const s = containerStatus(state, child, false);
  if (s.status === "IN_PROGRESS") {
    throw new GraphError({
      code: 9007,
      subcode: 2207027,
      isTransient: false,
      message: `(#9007) Media ID is not available: carousel item ${child.id} is still being processed.`,
      userTitle: "Media not ready for publishing",
      userMsg: "The media is not ready for publishing, please wait for a moment",
    });
  }
  if (s.status === "ERROR") {
    throw new GraphError({ code: 9004, subcode: s.subcode ?? 2207026, message: `Carousel item ${child.id}: ${statusText(s)}` });
  }
  if (s.status === "EXPIRED") {
    throw new GraphError({ code: 100, subcode: 2207008, message: `(#100) Carousel item ${child.id} has expired. Create a new container.` });
  }
}

/** GET /{container-id}?fields=status_code,status */
export function getContainer(ctx: GraphCtx, id: string) {
  const c = ctx.state.containers.get(id);
  if (!c) throw unsupported(id, "get");
  authFor(ctx, c.igUserId, id, "get");
  ctx.bucId = c.igUserId;
  const s = containerStatus(ctx.state, c, true);
  return pick(ctx.fields, ["id"], {
    id: () => c.id,
    status_code: () => s.status,
    status: () => statusText(s),
    media_type: () => c.mediaType,
    is_carousel_item: () => c.isCarouselItem,
    children: () => ({ data: c.children.map((x) => ({ id: x })) }),
  }, "ShadowIGMediaBuilder");
}

function quotaUsage(state: FakeGraphState, a: InstagramAccount): number {
  const since = state.now() - DAY;
  a.publishTimes = a.publishTimes.filter((t) => t > since);
  return a.publishTimes.length;
}

/** POST /{ig}/media_publish?creation_id= */
export function publish(ctx: GraphCtx, a: InstagramAccount, pathId: string) {
  authFor(ctx, a.igUserId, pathId, "post");
  ctx.bucId = a.igUserId;
  const creationId = str(ctx.params, "creation_id");
  if (!creationId) throw invalidParam("(#100) The parameter creation_id is required.");
  const c = ctx.state.containers.get(creationId);
  if (!c || c.igUserId !== a.igUserId) throw invalidParam(`(#100) Param creation_id must be a valid container id: ${creationId}`);
  if (c.isCarouselItem) throw invalidParam("(#100) A carousel item cannot be published on its own.");
  if (c.publishedMediaId) {
    // Publishing twice must not create a second post; Meta answers with an error (exact code UNVERIFIED).
    throw new GraphError({
      code: 100,
      message: "(#100) The media container has already been published",
      userTitle: "Media already published",
      userMsg: `This container was already published as media ${c.publishedMediaId}.`,
    });
  }
  if (quotaUsage(ctx.state, a) >= ctx.state.config.publishQuota) {
    throw new GraphError({
      code: 9,
      subcode: 2207042,
      message: "Application request limit reached",
      userTitle: "Cannot publish more posts",
      userMsg: "You reached the maximum number of posts that is allowed to be published by Content Publishing API.",
    });
  }
  const s = containerStatus(ctx.state, c, true);
  if (s.status === "IN_PROGRESS") {
    throw new GraphError({
      code: 9007,
      subcode: 2207027,
      isTransient: false,
      userTitle: "Media not ready for publishing",
      userMsg: "The media is not ready for publishing, please wait for a moment",
    });
  }
  if (s.status === "ERROR") {
    throw new GraphError({ code: 9004, subcode: s.subcode ?? 2207026, message: statusText(s) });
  }
  if (s.status === "EXPIRED") {
    throw new GraphError({ code: 100, subcode: 2207008, message: "The media container has expired. Create a new container." });
  }
  const media = makeMedia(ctx.state, a, c);
  a.publishTimes.push(ctx.now);
  return { id: media.id };
}

export function makeMedia(state: FakeGraphState, a: InstagramAccount, c: Container | undefined, seed?: Partial<IgMedia>): IgMedia {
  const now = state.now();
  const shortcode = ids.shortcode();
  const kind = c?.mediaType ?? "IMAGE";
  const mediaType: IgMedia["mediaType"] =
    seed?.mediaType ?? (kind === "CAROUSEL" ? "CAROUSEL_ALBUM" : kind === "REELS" || c?.videoUrl ? "VIDEO" : "IMAGE");
  const mediaProductType: IgMedia["mediaProductType"] =
    seed?.mediaProductType ?? (kind === "REELS" ? "REELS" : kind === "STORIES" ? "STORY" : "FEED");
  const id = ids.igMedia();
  const children: IgMedia["children"] = [];
  for (const childId of c?.children ?? []) {
    const child = state.containers.get(childId);
    if (!child) continue;
    const m: IgMedia = {
      id: ids.igMedia(),
      igUserId: a.igUserId,
      containerId: child.id,
      mediaType: child.videoUrl ? "VIDEO" : "IMAGE",
      mediaProductType: "FEED",
      shortcode: ids.shortcode(),
      permalink: "",
      timestamp: now,
      imageUrl: child.imageUrl,
      videoUrl: child.videoUrl,
      children: [],
      isChild: true,
    };
    m.permalink = `https://www.instagram.com/p/${m.shortcode}/`;
    state.igMedia.set(m.id, m);
    child.publishedMediaId = m.id;
    children.push({ id: m.id, mediaType: child.videoUrl ? "VIDEO" : "IMAGE", imageUrl: child.imageUrl, videoUrl: child.videoUrl });
  }
  const permalink =
    mediaProductType === "REELS"
      ? `https://www.instagram.com/reel/${shortcode}/`
      : mediaProductType === "STORY"
        ? `https://www.instagram.com/stories/${a.username}/${id}/`
        : `https://www.instagram.com/p/${shortcode}/`;
  const media: IgMedia = {
    id,
    igUserId: a.igUserId,
    containerId: c?.id,
    caption: seed?.caption ?? c?.caption,
    mediaType,
    mediaProductType,
    shortcode,
    permalink,
    timestamp: seed?.timestamp ?? now,
    imageUrl: seed?.imageUrl ?? c?.imageUrl,
    videoUrl: seed?.videoUrl ?? c?.videoUrl,
    children,
  };
  state.igMedia.set(id, media);
  if (c) {
    c.publishedMediaId = id;
    c.forced = undefined;
  }
  return media;
}

/** GET /{ig}/content_publishing_limit?fields=quota_usage,config */
export function publishingLimit(ctx: GraphCtx, a: InstagramAccount, pathId: string) {
  authFor(ctx, a.igUserId, pathId, "get");
  ctx.bucId = a.igUserId;
  const usage = quotaUsage(ctx.state, a);
  return {
    data: [
      pick(ctx.fields, ["quota_usage"], {
        quota_usage: () => usage,
        config: () => ({ quota_total: ctx.state.config.publishQuota, quota_duration: 86400 }),
      }, "ContentPublishingLimitResponse"),
    ],
  };
}

export function mediaFields(ctx: GraphCtx, m: IgMedia, fields: FieldSpec[] | undefined): Record<string, unknown> {
  const a = ctx.state.igAccounts.get(m.igUserId);
  return pick(fields, ["id"], {
    id: () => m.id,
    caption: () => m.caption,
    media_type: () => m.mediaType,
    media_product_type: () => m.mediaProductType,
    permalink: () => m.permalink,
    shortcode: () => m.shortcode,
    timestamp: () => metaTime(m.timestamp),
    username: () => a?.username,
    owner: () => ({ id: m.igUserId }),
    // Counted only when asked, from the per-media index: a media list must not scan every comment of the fake.
    comments_count: () => commentsOfMedia(ctx.state, m.id).filter((x) => !x.deleted).length,
    like_count: () => 0,
    is_comment_enabled: () => true,
    media_url: () => m.videoUrl ?? m.imageUrl,
    thumbnail_url: () => (m.videoUrl ? `${m.videoUrl}.jpg` : undefined),
    children: (f) =>
      m.mediaType === "CAROUSEL_ALBUM"
        ? {
            data: m.children.map((ch) => {
              const full = ctx.state.igMedia.get(ch.id);
              return full ? mediaFields(ctx, full, f.sub) : { id: ch.id };
            }),
          }
        : undefined,
  }, "IGMedia");
}

/** GET /{ig-media-id} */
export function getMedia(ctx: GraphCtx, id: string) {
  const m = ctx.state.igMedia.get(id);
  if (!m) throw unsupported(id, "get");
  authFor(ctx, m.igUserId, id, "get");
  ctx.bucId = m.igUserId;
  return mediaFields(ctx, m, ctx.fields);
}

/** GET /{ig}/media — published media, newest first, ≤ 50 a page (contract §3.5 and §4's paging); `fields` as asked. */
export function listMedia(ctx: GraphCtx, a: InstagramAccount, pathId: string) {
  authFor(ctx, a.igUserId, pathId, "get");
  ctx.bucId = a.igUserId;
  const items = [...ctx.state.igMedia.values()]
    .filter((m) => m.igUserId === a.igUserId && !m.isChild)
    .reverse() // newest inserted first on equal timestamps (sort is stable)
    .sort((x, y) => y.timestamp - x.timestamp);
  const page = paginate(items, (m) => m.id, {
    limit: str(ctx.params, "limit"),
    after: str(ctx.params, "after"),
    before: str(ctx.params, "before"),
    defaultLimit: 25,
    maxLimit: 50,
    url: ctx.url,
  });
  return { ...page, data: page.data.map((m) => mediaFields(ctx, m, ctx.fields)) };
}
