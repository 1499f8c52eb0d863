// The connectors' configuration: what the caller passes (`ConnectorConfig`) and the defaults every option falls back
// to (`resolveConfig`), in one place so an option's documentation and its default are read together.

export interface ConnectorConfig {
  /** e.g. https://graph.facebook.com (no version). */
  graphUrl: string;
  /** e.g. https://graph.instagram.com */
  instagramGraphUrl: string;
  /** e.g. https://api.instagram.com (OAuth code exchange). */
  instagramOauthUrl: string;
  /** e.g. v25.0 */
  graphVersion: string;
  appId?: string;
  appSecret?: string;
  instagramAppId?: string;
  instagramAppSecret?: string;
  /**
   * Send `appsecret_proof` with every Graph call made with a channel's token, keyed with the secret of the app that
   * issued it (Meta requires it when the app has "Require App Secret" on). Default true. A token of another app (its
   * proof refused as invalid) is used without one from then on.
   */
  appsecretProof?: boolean;
  /** Per-request timeout. */
  timeoutMs: number;
  clock?: () => Date;
  /** Extra attempts for SAFE calls (reads, hide/unhide) on retryable errors. Default 2. Never used for sends/publish. */
  safeRetries?: number;
  /** Base delay between those attempts (doubles each time). Default 200 ms. */
  retryBaseMs?: number;
  /** Consecutive transient failures that open a channel's breaker. Default 5. */
  breakerThreshold?: number;
  /** How long an open breaker waits before a trial call. Default 30 s. */
  breakerHalfOpenAfterMs?: number;
  /**
   * Wait after the first "still processing" answer of an Instagram IMAGE container (the first check is immediate:
   * Meta says images are usually ready at once); it doubles after each further one up to `containerPollMs`.
   * Default 500 ms (docs/benchmarks.md, "Due → live").
   */
  containerFirstPollMs?: number;
  /**
   * Wait between two checks of a container holding a video (reel, video story, carousel with a video), and the
   * longest wait for an image one: Meta recommends checking once a minute. Default 60 s.
   */
  containerPollMs?: number;
  /** Time an attempt spends waiting for containers to be processed before it gives up (Meta: at most 5 minutes). Default 5 min. */
  containerPollBudgetMs?: number;
  /** Container checks (and waits for a finished container to become publishable) before an attempt gives up. Default 60. */
  containerMaxPolls?: number;
  /** Times one broadcast recipient may be put off (rate limit, transient error) before it counts as failed. Default 20. */
  broadcastMaxWaits?: number;
  /** Longest wait when media_publish says the media is not ready (9007/2207027); it backs off as for checks. Default 5 s. */
  publishRetryWaitMs?: number;
  /** Upper bound of pages followed when paging "to the end". Default 200. */
  maxPages?: number;
  /** WhatsApp broadcast: sends per publish step. Default 50. */
  broadcastBatchSize?: number;
  /** A WhatsApp number's template list is reused this long (`cachedTemplates`). Default 5 min. */
  templateCacheMs?: number;
  /** A reload asked for by a miss happens at most this often per number. Default 30 s. */
  templateRefreshMinMs?: number;
}

export interface ResolvedConfig extends Required<Omit<ConnectorConfig, "appId" | "appSecret" | "instagramAppId" | "instagramAppSecret">> {
  appId?: string;
  appSecret?: string;
  instagramAppId?: string;
  instagramAppSecret?: string;
}

export function resolveConfig(config: ConnectorConfig): ResolvedConfig {
  return {
    ...config,
    graphUrl: config.graphUrl.replace(/\/+$/, ""),
    instagramGraphUrl: config.instagramGraphUrl.replace(/\/+$/, ""),
    instagramOauthUrl: config.instagramOauthUrl.replace(/\/+$/, ""),
    clock: config.clock ?? (() => new Date()),
    appsecretProof: config.appsecretProof ?? true,
    safeRetries: config.safeRetries ?? 2,
    retryBaseMs: config.retryBaseMs ?? 200,
    breakerThreshold: config.breakerThreshold ?? 5,
    breakerHalfOpenAfterMs: config.breakerHalfOpenAfterMs ?? 30_000,
    containerFirstPollMs: config.containerFirstPollMs ?? 500,
    containerPollMs: config.containerPollMs ?? 60_000,
    containerPollBudgetMs: config.containerPollBudgetMs ?? 300_000,
    containerMaxPolls: config.containerMaxPolls ?? 60,
    publishRetryWaitMs: config.publishRetryWaitMs ?? 5_000,
    maxPages: config.maxPages ?? 200,
    broadcastBatchSize: config.broadcastBatchSize ?? 50,
    broadcastMaxWaits: config.broadcastMaxWaits ?? 20,
    templateCacheMs: config.templateCacheMs ?? 300_000,
    templateRefreshMinMs: config.templateRefreshMinMs ?? 30_000,
  };
}
