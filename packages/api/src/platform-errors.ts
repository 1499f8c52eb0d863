import { isPlatformError } from "@sillage/connectors";
import { apiError } from "./error-codes";

/**
 * A platform refusal becomes a clear, typed API error: `platform.<kind>` with the platform's name, rendered in the
 * reader's language; the English message keeps the connector's own words (Meta's subcode-precise advice).
 */
export function toApiError(err: unknown): unknown {
  if (!isPlatformError(err)) return err;
  const code = err.kind === "auth_expired" || err.kind === "permission" ? "BAD_REQUEST" : err.retryable ? "SERVICE_UNAVAILABLE" : "BAD_REQUEST";
  const coded = apiError(code, `platform.${err.kind}`, { platform: err.platform ?? "" }, err);
  coded.message = err.userMessage;
  return coded;
}
