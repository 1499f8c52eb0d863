import { resetState, type FakeGraphOptions, type FakeGraphState } from "./state.js";
import { subscribedPart } from "./webhooks/subscriptions.js";
import { WebhookEmitter } from "./webhooks/emitter.js";

/** Fresh in-memory state. The fake's "now" = injected clock + offset moved by setClock/advance. */
export function createFakeGraphState(opts: FakeGraphOptions = {}): FakeGraphState {
  const options = {
    containerPollsInProgress: opts.containerPollsInProgress ?? 1,
    containerProcessingMs: opts.containerProcessingMs ?? 0,
    videoPollsInProgress: opts.videoPollsInProgress ?? 3,
    publishQuota: opts.publishQuota ?? 100,
  };
  const state: FakeGraphState = {
    baseClock: opts.clock ?? Date.now,
    clockOffset: 0,
    now: () => state.baseClock() + state.clockOffset,
    publicUrl: "http://127.0.0.1",
    options,
    config: { ...options, usage: { percentPerCall: 1 } },
    apps: {},
    tokens: new Map(),
    waAccounts: new Map(),
    wabas: new Map(),
    waMedia: new Map(),
    waInbound: new Map(),
    waConversations: new Map(),
    customerEdits: new Map(),
    igAccounts: new Map(),
    pages: new Map(),
    igAssets: new Map(),
    igProfiles: new Map(),
    igProfilePics: new Map(),
    containers: new Map(),
    igMedia: new Map(),
    comments: new Map(),
    oauthCodes: new Map(),
    sentMessages: [],
    calls: [],
    faults: [],
    emitter: new WebhookEmitter(
      () => state.apps,
      () => state.now(),
      (e) => subscribedPart(state, e),
    ),
  };
  resetState(state);
  return state;
}
