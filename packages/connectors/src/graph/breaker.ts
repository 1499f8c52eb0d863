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

export class ChannelBreakers {
  private readonly policies = new Map<string, { policy: CircuitBreakerPolicy; openedAt: number }>();

  constructor(private readonly options: BreakerOptions) {}

  private get(channelId: string): { policy: CircuitBreakerPolicy; openedAt: number } {
    let entry = this.policies.get(channelId);
    if (!entry) {
      const policy = circuitBreaker(
        handleWhen((e) => e instanceof PlatformError && BREAKER_KINDS.has(e.kind)),
        { halfOpenAfter: this.options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(this.options.threshold) },
      );
      const created = { policy, openedAt: 0 };
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
    const entry = this.get(channelId);
    try {
      return await entry.policy.execute(() => fn());
    } catch (e) {
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
}
