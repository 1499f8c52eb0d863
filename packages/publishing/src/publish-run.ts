/**
 * Publishes one publication (one occurrence on one channel) as resumable steps:
 * 1. claim it (status → publishing, a post_runs row, the series' next occurrence materialized) in one transaction;
 * 2. call the connector with the saved progress; every progress it reports is saved BEFORE anything else;
 * 3. finish: published, or our retry policy (backoff honouring rate-limit hints, quota waits), or failed with a
 *    message a person can act on.
 * A worker killed anywhere resumes from the saved step: Instagram reuses the saved container and checks whether it
 * is already published before calling media_publish again, so a post never goes out twice.
 * This file orchestrates; every statement on publications and runs is in ./store (runs.ts).
 */
import { loadChannel, recordChannelError } from "@sillage/channels";
import type { Connectors, PublishProgress, PublishRequest, PublishStepResult } from "@sillage/connectors";
import type { Database } from "@sillage/db";
import { type SecretBox } from "@sillage/crypto";
import { type Clock } from "@sillage/time";
import { toE164 } from "@sillage/validators";
import type { MediaServices } from "@sillage/media";
import { publishLateness, publishOutcomes, type Logger } from "@sillage/observability";
import { instagramFormat, mediaIdsOf, mediaKindOf, postContentSchema, type PostContent } from "./content";
import { deliveryReasonOf, reachedNobody } from "./outcomes";
import { publicationReason } from "./reasons";
import { decideRetry, DEFAULT_RETRY_POLICY, summarizeError, type RetryPolicy } from "./retry";
import {
  claimPublication,
  deferPublicationStep,
  failPublication,
  markPublished,
  savePublicationProgress,
  schedulePublicationRetry,
  stopPublication,
  type Claimed,
  type RunOutcome,
} from "./store";

export interface PublishingOptions {
  retry?: Partial<RetryPolicy>;
  /** Waits between steps up to this long happen in the job; longer ones re-enqueue it. Default 2 s. */
  maxInlineWaitMs?: number;
  /** Signed media links given to Instagram live this long. Default 24 h (a container may wait that long). */
  mediaLinkTtlS?: number;
  /** Waits before each lookup of a live Instagram post's media id (media-lookup.ts). */
  mediaLookupDelaysMs?: number[];
}

export interface PublishDeps {
  db: Database;
  clock: Clock;
  connectors: Connectors;
  secretBox: SecretBox;
  media: MediaServices;
  logger: Logger;
  /** The graphile-worker worker running this job (the lease holder). */
  workerId: string;
  options?: PublishingOptions;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runPublication(deps: PublishDeps, publicationId: string): Promise<RunOutcome> {
  const seen: { platform?: string } = {};
  const outcome = await runPublicationOnce(deps, publicationId, seen);
  // Only runs that reached a channel count: "busy", "early" and "skipped" are claims that did not happen.
  if (seen.platform) publishOutcomes.inc({ platform: seen.platform, outcome });
  return outcome;
}

async function runPublicationOnce(deps: PublishDeps, publicationId: string, seen: { platform?: string }): Promise<RunOutcome> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...deps.options?.retry };
  const claim = await claimPublication(deps, publicationId);
  if (typeof claim === "string") return claim;
  const log = deps.logger.child({ publicationId, postId: claim.post_id, attempt: claim.attempts });
  let progress = (claim.progress && typeof claim.progress === "object" && "step" in claim.progress ? claim.progress : null) as PublishProgress | null;

  // A cancel seen at the claim or at any save since: read where we write anyway, so stopping costs no extra query.
  let stopSeen = claim.stopRequested;
  /** Saves a step's progress; true once cancel has asked the publication to stop. */
  const save = async (p: PublishProgress): Promise<boolean> => {
    progress = p;
    if (await savePublicationProgress(deps.db, claim, p)) stopSeen = true;
    return stopSeen;
  };

  // Stopped while it waited between steps. A WhatsApp broadcast also stops after a crash: what reached Meta is in
  // its progress (the batch in flight then counts as uncertain), and sending more is what a stop should prevent.
  // An Instagram post resumed after a crash goes on: `media_publish` may be in flight, and only the connector can tell.
  if (claim.stopRequested && progress && (claim.resumedFromWait || ("platform" in progress && progress.platform === "whatsapp"))) {
    return await stopPublication(deps, claim, progress);
  }

  try {
    const loaded = await loadChannel(deps.db, deps.secretBox, claim.channel_id);
    if (!loaded || loaded.row.status !== "active") {
      const platform = loaded?.row.platform ?? "instagram";
      const name = platform === "whatsapp" ? "WhatsApp number" : "Instagram account";
      return await failPublication(deps, claim, {
        kind: "channel_unavailable",
        userMessage: `Reconnect the ${name}: it is not connected any more.`,
        message: `channel ${loaded?.row.status ?? "missing"}`,
        reason: publicationReason("channel_disconnected", { platform }),
      });
    }
    const connector = deps.connectors.get(loaded.channel.platform);
    seen.platform = loaded.channel.platform;
    // Lateness is due → first platform call: a fresh publication only (a resumed or retried one is late by design).
    if (!progress && claim.failures === 0 && !claim.resumedFromWait) {
      publishLateness.observe({ platform: loaded.channel.platform }, Math.max(0, deps.clock.now().getTime() - claim.due_at.getTime()) / 1000);
    }
    const request = await buildRequest(deps, claim, loaded.channel.platform, loaded.channel.id);
    const started = Date.now();
    for (;;) {
      const result: PublishStepResult = await connector.publish(loaded.channel, request, progress, {
        onProgress: async (p) => void (await save(p)),
        // The last word before a post goes public: a cancel known by then wins (one arriving during the final
        // container check itself is too late, and the post then reads "published", as it is).
        mayPublish: () => Promise.resolve(!stopSeen),
      });
      // Done: the final progress is written with the published status, in one transaction.
      if (result.done) {
        if (result.warnings?.length) log.warn({ warnings: result.warnings }, "published with warnings");
        if (reachedNobody(result.summary)) {
          // A broadcast that reached nobody failed, whatever each answer was: its outcomes are kept with it.
          await save(result.progress);
          const delivery = deliveryReasonOf(result.summary!)!;
          return await failPublication(deps, claim, { kind: "undeliverable", userMessage: delivery.text, message: "no recipient was sent the broadcast", reason: delivery.reason });
        }
        return await markPublished(deps, claim, result);
      }
      if (result.halted) return await stopPublication(deps, claim, result.progress);
      if (await save(result.progress)) return await stopPublication(deps, claim, result.progress);
      const waitMs = result.waitMs ?? 1000;
      if (waitMs <= (deps.options?.maxInlineWaitMs ?? 2000) && Date.now() - started < 60_000) {
        await sleep(waitMs);
        continue;
      }
      await deferPublicationStep(deps, claim, waitMs);
      log.debug({ waitMs, step: result.progress.step }, "publication waits between steps");
      return "waiting";
    }
  } catch (err) {
    const saved = (err as { progress?: unknown }).progress;
    if (saved && typeof saved === "object" && "step" in saved) await save(saved as PublishProgress);
    const summary = summarizeError(err);
    if (summary.kind === "internal") log.error({ err }, "publication failed with an internal error");
    else log.warn({ kind: summary.kind, message: summary.message }, "publication attempt failed");
    await recordChannelError(deps.db, claim.channel_id, err, deps.clock.now()).catch(() => undefined);
    const decision = decideRetry(summary, claim.failures + 1, policy);
    if (decision.action === "fail") return await failPublication(deps, claim, summary);
    return await schedulePublicationRetry(deps, claim, summary, decision.action, decision.delayMs);
  }
}

async function buildRequest(deps: PublishDeps, claim: Claimed, platform: "whatsapp" | "instagram", channelId: string): Promise<PublishRequest> {
  const content: PostContent = postContentSchema.parse(claim.content);
  const ids = mediaIdsOf(content);
  const media = ids.length
    ? await deps.db.selectFrom("media_assets").select(["id", "storage_key", "mime_type", "size_bytes", "width", "height", "duration_s"]).where("id", "in", ids).execute()
    : [];
  const ordered = content.mediaIds.map((id) => media.find((m) => m.id === id)).filter((m) => m !== undefined);
  const ttl = deps.options?.mediaLinkTtlS ?? 86_400;
  const linkOf = (key: string) => deps.media.signUrl(key, ttl);
  if (platform === "instagram") {
    const infos = ordered.map((m) => ({ id: m.id, mimeType: m.mime_type, sizeBytes: Number(m.size_bytes), width: m.width, height: m.height, durationS: m.duration_s }));
    const format = instagramFormat(content, infos);
    const cover = format === "reel" ? media.find((m) => m.id === content.instagram?.coverMediaId) : undefined;
    const thumbOffsetMs = format === "reel" ? content.instagram?.thumbOffsetMs : undefined;
    return {
      platform: "instagram",
      format,
      caption: content.text || undefined,
      media: ordered.map((m) => ({
        kind: mediaKindOf(m.mime_type) === "video" ? ("video" as const) : ("image" as const),
        url: linkOf(m.storage_key),
        ...(content.instagram?.altText ? { altText: content.instagram.altText } : {}),
      })),
      ...(content.instagram?.shareToFeed !== undefined ? { shareToFeed: content.instagram.shareToFeed } : {}),
      ...(cover ? { coverUrl: linkOf(cover.storage_key) } : {}),
      ...(thumbOffsetMs !== undefined ? { thumbOffsetMs } : {}),
    };
  }
  const wa = content.whatsapp;
  // One message per person: numbers are keyed by E.164 (a contact's WhatsApp id "336…" is "+336…"), and the first
  // spelling is kept (a broadcast resumed from saved progress finds its recipients under the same strings).
  const phones = new Map<string, string>();
  const add = (to: string) => {
    const key = toE164(to) ?? to;
    if (!phones.has(key)) phones.set(key, to);
  };
  for (const to of wa?.audience.phones ?? []) add(to);
  if (wa?.audience.optedInContacts) {
    const contacts = await deps.db
      .selectFrom("contacts")
      .select("platform_user_id")
      .where("channel_id", "=", channelId)
      .where("opted_in_marketing", "=", true)
      .execute();
    for (const c of contacts) add(c.platform_user_id);
  }
  // The first media is the template's header, unless the template has no media header (the media is then for another
  // channel of the post). Posts saved before the header was recorded keep the old rule: any media is the header.
  const headerFormat = wa?.template?.headerFormat;
  const header = headerFormat === undefined || ["IMAGE", "VIDEO", "DOCUMENT"].includes(headerFormat) ? ordered[0] : undefined;
  const headerKind = header ? mediaKindOf(header.mime_type) : null;
  const message = wa?.template
    ? {
        type: "template" as const,
        name: wa.template.name,
        language: wa.template.language,
        components: [
          ...(header && headerKind && headerKind !== "audio" ? [{ type: "header", parameters: [{ type: headerKind, [headerKind]: { link: linkOf(header.storage_key) } }] }] : []),
          ...(wa.template.bodyParams.length ? [{ type: "body", parameters: wa.template.bodyParams.map((text) => ({ type: "text", text })) }] : []),
        ],
      }
    : { type: "text" as const, text: content.text };
  return {
    platform: "whatsapp",
    broadcastId: `broadcast:${claim.id}`,
    recipients: [...phones.values()].map((to) => ({ to })),
    message,
    ...(wa?.marketingEndpoint ? { marketingEndpoint: true } : {}),
  };
}
