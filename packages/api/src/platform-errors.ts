import { isPlatformError } from "@sillage/connectors";
import { TRPCError } from "@trpc/server";

/** A platform refusal becomes a clear, typed API error carrying the words a user can act on. */
export function toApiError(err: unknown): unknown {
  if (!isPlatformError(err)) return err;
  const code = err.kind === "auth_expired" || err.kind === "permission" ? "BAD_REQUEST" : err.retryable ? "SERVICE_UNAVAILABLE" : "BAD_REQUEST";
  return new TRPCError({ code, message: err.userMessage, cause: err });
}
