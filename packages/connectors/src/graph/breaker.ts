// One circuit breaker per channel: a channel whose calls keep failing transiently (5xx, timeouts, cut connections,
// garbage answers) is paused for a while instead of hammering Meta. Permanent errors (bad input, auth, policy)
// say nothing about the platform's health, so they neither open nor reset the breaker.

import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  IsolatedCircuitError,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from "cockatiel";
import { BREAKER_KINDS, PlatformError } from "../errors";
import type { BreakerState, Platform } from "../types";

export interface BreakerOptions {
  threshold: number;
  halfOpenAfterMs: number;
}

/** One platform's breakers in this process, for /readyz, the channels page and the metrics. */
export interface PlatformBreakerHealth {
  platform: Platform;
  closed: number;
  open: number;
  halfOpen: number;
  /** The latest error that counts against a breaker (transient kinds), on any channel of the platform. */
  lastError: { kind: string; message: string; at: string } | null;
}

type Entry = { policy: CircuitBreakerPolicy; openedAt: number; platform: Platform };

export class ChannelBreakers {
  private readonly policies = new Map<string, Entry>();
  private readonly lastErrors = new Map<Platform, { kind: string; message: string; at: string }>();

  constructor(private readonly options: BreakerOptions) {}

  private get(channelId: string, platform: Platform): Entry {
    let entry = this.policies.get(channelId);
    if (!entry) {
      const policy = circuitBreaker(
        handleWhen((e) => e instanceof PlatformError && BREAKER_KINDS.has(e.kind)),
        { halfOpenAfter: this.options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(this.options.threshold) },
      );
      const created: Entry = { policy, openedAt: 0, platform };
      policy.onBreak(() => {
        created.openedAt = Date.now();
      });
      entry = created;
      this.policies.set(channelId, entry);
    }
    return entry;
  }

  /** Runs `fn` through the channel's breaker; an open breaker fails fast with a `circuit_open` PlatformError. */
  async execute<T>(channelId: string, platform: Platform, fn: () => Promise<T>): Promise<T> {
    const entry = this.get(channelId, platform);
    try {
      return await entry.policy.execute(() => fn());
    } catch (e) {
      if (e instanceof PlatformError && BREAKER_KINDS.has(e.kind)) {
        // The message names the operation and the platform's words, never a token (errors.ts builds it).
        this.lastErrors.set(platform, { kind: e.kind, message: e.message.slice(0, 300), at: new Date().toISOString() });
      }
      if (e instanceof BrokenCircuitError || e instanceof IsolatedCircuitError) {
        const remaining = Math.max(0, entry.openedAt + this.options.halfOpenAfterMs - Date.now());
        throw new PlatformError({
          kind: "circuit_open",
          platform,
          message: `Circuit open for channel ${channelId}: calls paused after repeated failures`,
          retryAfterMs: remaining || this.options.halfOpenAfterMs,
          cause: e,
        });
      }
      throw e;
    }
  }

  state(channelId: string): BreakerState {
    const entry = this.policies.get(channelId);
    if (!entry) return "closed";
    switch (entry.policy.state) {
      case CircuitState.Closed:
        return "closed";
      case CircuitState.HalfOpen:
        return "half_open";
      case CircuitState.Open:
        // cockatiel moves to half-open lazily on the next call; report it as soon as a trial call is allowed.
        return Date.now() - entry.openedAt >= this.options.halfOpenAfterMs ? "half_open" : "open";
      case CircuitState.Isolated:
        return "open";
    }
  }

  /** Channels per state and the latest transient error, for each platform that has had a call. */
  health(platforms: readonly Platform[]): PlatformBreakerHealth[] {
    return platforms.map((platform) => {
      const h: PlatformBreakerHealth = { platform, closed: 0, open: 0, halfOpen: 0, lastError: this.lastErrors.get(platform) ?? null };
      for (const [channelId, entry] of this.policies) {
        if (entry.platform !== platform) continue;
        const state = this.state(channelId);
        if (state === "open") h.open++;
        else if (state === "half_open") h.halfOpen++;
        else h.closed++;
      }
      return h;
    });
  }
}
