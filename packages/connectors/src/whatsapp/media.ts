// WhatsApp media download: GET /{media-id} → a short-lived URL (5 min) → GET that URL with the bearer token, which
// only ever goes to Meta's hosts; the bytes are checked against the sha256 Meta gave.

import { createHash } from "node:crypto";
import { z } from "zod";
import { PlatformError } from "../errors";
import { isMetaHost } from "../graph/meta-hosts";
import type { Channel, DownloadedMedia, MediaRef } from "../types";
import { invalidInput } from "../validation";
import type { WhatsAppGraph } from "./graph";

const mediaInfoSchema = z.object({
  url: z.string().url(),
  mime_type: z.string(),
  sha256: z.string().optional(),
  file_size: z.union([z.string(), z.number()]).optional(),
  id: z.string().optional(),
});

export async function downloadMedia(wa: WhatsAppGraph, channel: Channel, media: MediaRef): Promise<DownloadedMedia> {
  let url = media.url;
  let mimeType: string | null = null;
  let sha256: string | null = null;
  if (media.mediaId) {
    // Always ask for a fresh URL: they expire after 5 minutes.
    const info = await wa.call(channel, {
      method: "GET",
      url: wa.url(media.mediaId),
      query: { phone_number_id: channel.externalId },
      schema: mediaInfoSchema,
      safe: true,
      what: "look up WhatsApp media",
    });
    url = info.data.url;
    mimeType = info.data.mime_type;
    sha256 = info.data.sha256 ?? null;
  }
  if (!url) throw invalidInput("whatsapp", "downloadMedia needs a media id or URL");
  if (!isMetaHost(url, wa.config)) {
    // The bearer token must never be sent to a host that is not Meta's.
    throw invalidInput("whatsapp", "refusing to send the token to a URL outside Meta's hosts");
  }
  const res = await wa.ctx.http.bytes({
    channelId: channel.id,
    platform: "whatsapp",
    url,
    token: channel.accessToken,
    safe: true,
    what: "download WhatsApp media",
  });
  if (sha256 && !sha256Matches(res.bytes, sha256)) {
    throw new PlatformError({ kind: "malformed", platform: "whatsapp", message: "downloaded media does not match its sha256" });
  }
  return {
    bytes: res.bytes,
    mimeType: mimeType ?? res.contentType ?? "application/octet-stream",
    sha256,
    fileSize: res.bytes.byteLength,
    usage: res.usage,
  };
}

function sha256Matches(bytes: Uint8Array, expected: string): boolean {
  const digest = createHash("sha256").update(bytes).digest();
  // Meta documents base64; some answers carry hex. Accept either.
  return expected === digest.toString("base64") || expected.toLowerCase() === digest.toString("hex");
}
