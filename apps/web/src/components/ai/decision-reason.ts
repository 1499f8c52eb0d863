import type { TFunction } from "i18next";
import { formatReason } from "../../lib/reasons";

/**
 * A decision's reason as the reader sees it: a coded reason (issue 12) rendered in the reader's language by
 * `formatReason`, else the stored sentence (written in the workspace's locale), e.g. for older decisions or where
 * only the sentence is at hand (the thread's messages).
 */
export function decisionReason(t: TFunction, decision: { reason: string; reasonCode?: string | null; reasonParams?: Record<string, unknown> | null }): string {
  return formatReason(t, { reason: decision.reason, reasonCode: decision.reasonCode ?? null, reasonParams: decision.reasonParams ?? null });
}
