import type { TFunction } from "i18next";
import { errorMessageOf } from "../../lib/errors";
import { isTrpcError } from "../../lib/trpc";

/**
 * A scheduling error in the reader's language: the server's `data.reason.code` (occurrence and upload refusals) read
 * from `scheduleUx.reasons`, else the generic message.
 */
export function scheduleErrorOf(err: unknown, t: TFunction): string | null {
  if (!err) return null;
  if (isTrpcError(err)) {
    const reason = (err.data as { reason?: { code: string; params?: Record<string, unknown> } } | undefined)?.reason;
    const key = reason && (`scheduleUx.reasons.${reason.code}` as "scheduleUx.reasons.media_empty");
    const text = key ? (t(key, { ...(reason.params ?? {}), defaultValue: "" }) as string) : "";
    if (text) return text;
  }
  return errorMessageOf(err, t);
}
