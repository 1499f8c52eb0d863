import type { TokenCheckSummary } from "../check";
import type { JobContext } from "@sillage/queue";

type Logger = JobContext<unknown>["logger"];

/** One line per run, one per channel that got no answer (ids and error kind only: never a token). */
export function logTokenChecks(logger: Logger, check: "daily" | "before_posts", summary: TokenCheckSummary): void {
  const { failures, ...counts } = summary;
  if (counts.checked) logger.info({ check, ...counts }, "channel tokens checked");
  for (const f of failures) logger.warn({ check, channelId: f.channelId, workspaceId: f.workspaceId, kind: f.kind, err: f.message }, "channel token check got no answer");
}
