// WhatsApp "publishing": a broadcast of an approved template (or in-window text) to opted-in contacts, one request
// per recipient (there is no API for Status/Channels), in resumable batches. Every recipient's outcome is kept in
// the progress; a recipient with an outcome is never sent again, and one that may have been reached (timeout, a
// worker killed mid-batch) is "uncertain", never re-sent.

import { PlatformError } from "../errors";
import { errorInfo } from "../error-info";
import type { Usage } from "../graph/usage";
import type {
  BroadcastRecipient,
  Channel,
  ErrorInfo,
  OutboundMessage,
  PublishHooks,
  PublishProgress,
  PublishRequest,
  PublishStepResult,
  RecipientOutcome,
  TemplateComponent,
  WhatsAppBroadcastProgress,
} from "../types";
import { invalidInput } from "../validation";
import type { WhatsAppGraph } from "./graph";
import { messageBody, sendResponseSchema, validateMessage, windowOpen } from "./messaging";

type BroadcastRequest = Extract<PublishRequest, { platform: "whatsapp" }>;

/** What a recipient the worker was sending to when it stopped is marked with. */
const interruptedError: ErrorInfo = {
  kind: "interrupted",
  code: null,
  subcode: null,
  title: null,
  message: "the worker stopped while this message was being sent",
  userMessage: "Sillage stopped while sending to this recipient: the message may or may not have arrived, so it was not sent again.",
  retryable: false,
};

/** Template errors that would fail every recipient of a broadcast the same way: stop instead of looping. */
const BROADCAST_FATAL_CODES = new Set([132000, 132001, 132005, 132007, 131031, 131042, 133010]);

export async function publishBroadcast(
  wa: WhatsAppGraph,
  channel: Channel,
  request: PublishRequest,
  progress?: PublishProgress | null,
  hooks?: PublishHooks,
): Promise<PublishStepResult> {
  if (request.platform !== "whatsapp") throw invalidInput("whatsapp", "not a WhatsApp broadcast request");
  validateMessage(request.message);
  const state: WhatsAppBroadcastProgress =
    progress && "platform" in progress && progress.platform === "whatsapp"
      ? { ...progress, results: { ...progress.results } }
      : { platform: "whatsapp", step: "sending", broadcastId: request.broadcastId, results: {} };
  if (state.broadcastId !== request.broadcastId) throw invalidInput("whatsapp", "progress belongs to another broadcast");
  state.step = "sending";
  state.total = request.recipients.length;
  // A run that died mid-batch: what it had in flight may have reached Meta. Uncertain, never sent again.
  for (const to of state.inFlight ?? []) {
    state.results[to] ??= { status: "uncertain", error: interruptedError, at: wa.now().toISOString() };
  }
  delete state.inFlight;
  let usage: Usage | null = null;

  // This step's batch: the next sendable recipients (the others are settled as skipped on the way).
  const batch: BroadcastRecipient[] = [];
  for (const r of request.recipients) {
    if (batch.length >= wa.config.broadcastBatchSize) break;
    if (state.results[r.to] !== undefined) continue;
    const skipped = skipReason(wa, request, r);
    if (skipped) state.results[r.to] = { status: "skipped", reason: skipped, at: wa.now().toISOString() };
    else batch.push(r);
  }
  if (batch.length && hooks?.onProgress) {
    state.inFlight = batch.map((r) => r.to);
    await hooks.onProgress(state);
  }
  // Recipients of the batch not sent when the step ends early go back to pending.
  const settle = () => delete state.inFlight;

  for (const r of batch) {
    const at = wa.now().toISOString();
    const message: OutboundMessage =
      request.message.type === "template" && r.components
        ? { ...request.message, components: r.components as TemplateComponent[] }
        : request.message;
    try {
      const res = await wa.call(channel, {
        method: "POST",
        url: wa.url(`${channel.externalId}/${request.marketingEndpoint ? "marketing_messages" : "messages"}`),
        json: messageBody(r.to, message, { callbackData: request.broadcastId }),
        schema: sendResponseSchema,
        what: "broadcast WhatsApp message",
      });
      usage = res.usage ?? usage;
      const first = res.data.messages[0];
      state.results[r.to] = {
        status: "sent",
        wamid: first?.id ?? "",
        ...(first?.message_status ? { messageStatus: first.message_status } : {}),
        at,
      };
    } catch (e) {
      if (!(e instanceof PlatformError)) throw e;
      const outcome = classifyBroadcastFailure(e, at);
      if (outcome === "wait") {
        const waits = (state.waits?.[r.to] ?? 0) + 1;
        if (waits < wa.config.broadcastMaxWaits) {
          // Nothing was sent to this recipient: keep it pending and come back later.
          state.waits = { ...state.waits, [r.to]: waits };
          settle();
          return broadcastResult(request, state, usage, false, e.retryAfterMs ?? wa.config.publishRetryWaitMs);
        }
        // Put off too often: this recipient fails, so the rest of the broadcast is not held up forever.
        state.results[r.to] = { status: "failed", error: errorInfo(e), at };
        continue;
      }
      if (outcome === "abort") {
        settle();
        e.progress = state;
        throw e;
      }
      state.results[r.to] = outcome;
    }
  }
  settle();
  const more = request.recipients.some((r) => state.results[r.to] === undefined);
  return broadcastResult(request, state, usage, !more, more ? 0 : undefined);
}

function skipReason(wa: WhatsAppGraph, request: BroadcastRequest, r: BroadcastRecipient): "opted_out" | "invalid" | "window_closed" | null {
  if (r.optedIn === false) return "opted_out";
  if (!/^\+?\d{6,20}$/.test(r.to)) return "invalid";
  if (request.message.type !== "template" && !windowOpen(r.lastInboundAt, wa.now())) return "window_closed";
  return null;
}

function classifyBroadcastFailure(e: PlatformError, at: string): RecipientOutcome | "wait" | "abort" {
  // The request may have reached Meta: never re-send automatically (a duplicate marketing message is worse).
  if (e.kind === "timeout" || e.kind === "network" || e.kind === "malformed") {
    return { status: "uncertain", error: errorInfo(e), at };
  }
  if (e.kind === "rate_limited" || e.kind === "retryable" || e.kind === "circuit_open") return "wait";
  if (e.kind === "auth_expired" || e.kind === "permission" || e.kind === "quota") return "abort";
  if (e.code !== undefined && BROADCAST_FATAL_CODES.has(e.code)) return "abort";
  return { status: "failed", error: errorInfo(e), at };
}

function broadcastResult(
  request: BroadcastRequest,
  state: WhatsAppBroadcastProgress,
  usage: Usage | null,
  finished: boolean,
  waitMs: number | undefined,
): PublishStepResult {
  const summary = { sent: 0, failed: 0, uncertain: 0, skipped: 0, pending: 0 };
  for (const r of request.recipients) {
    const o = state.results[r.to];
    if (!o) summary.pending++;
    else summary[o.status]++;
  }
  const done = finished && summary.pending === 0;
  if (done) state.step = "done";
  return {
    progress: state,
    done,
    ...(waitMs !== undefined ? { waitMs } : {}),
    ...(done ? { platformPostId: request.broadcastId } : {}),
    summary,
    usage,
  };
}
