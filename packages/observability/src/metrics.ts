import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

// Every label below has a bounded set of values (routes, procedures, tasks, platforms, outcomes, error kinds):
// never a workspace, channel, user or job id, which would grow a series per tenant. The names are the contract of
// ops/grafana/sillage.json and ops/prometheus/alerts.yml (apps/server/test/ops.test.ts checks them against /metrics).

/** One registry per process; `/metrics` renders it in Prometheus text format. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: "sillage_" });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export const httpRequestDuration = new Histogram({
  name: "sillage_http_request_duration_seconds",
  help: "HTTP request duration by route and status",
  labelNames: ["method", "route", "status"] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const trpcDuration = new Histogram({
  name: "sillage_trpc_duration_seconds",
  help: "tRPC procedure duration by procedure, type and result code (ok or the tRPC error code)",
  labelNames: ["procedure", "type", "code"] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

/** outcome: success, error (graphile-worker retries it), failed (attempts exhausted), rejected (bad payload). */
export const jobEvents = new Counter({
  name: "sillage_jobs_total",
  help: "Background job outcomes by task",
  labelNames: ["task", "outcome"] as const,
  registers: [metricsRegistry],
});

export const jobRetries = new Counter({
  name: "sillage_job_retries_total",
  help: "Job runs that are a retry (attempt > 1) by task",
  labelNames: ["task"] as const,
  registers: [metricsRegistry],
});

export const jobDuration = new Histogram({
  name: "sillage_job_duration_seconds",
  help: "Background job run time by task",
  labelNames: ["task"] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
  registers: [metricsRegistry],
});

/** Set at scrape time by the queue's collector (`registerQueueMetrics` in @sillage/queue). */
export const queueDepth = new Gauge({
  name: "sillage_queue_depth",
  help: "Jobs waiting in the queue by task and state (due, scheduled, running, failed)",
  labelNames: ["task", "state"] as const,
  registers: [metricsRegistry],
});

export const queueOldestDueAge = new Gauge({
  name: "sillage_queue_oldest_due_age_seconds",
  help: "Age of the oldest due, unlocked job by task (how late the queue is)",
  labelNames: ["task"] as const,
  registers: [metricsRegistry],
});

export const workerHeartbeatAge = new Gauge({
  name: "sillage_worker_heartbeat_age_seconds",
  help: "Seconds since the freshest worker heartbeat (any pool); absent workers make it grow",
  registers: [metricsRegistry],
});

export const publishLateness = new Histogram({
  name: "sillage_publish_lateness_seconds",
  help: "Delay from a publication's due instant to its first platform call, by platform",
  labelNames: ["platform"] as const,
  buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
  registers: [metricsRegistry],
});

/** outcome: published, failed, retry (will try again), waiting (quota, breaker, token check). */
export const publishOutcomes = new Counter({
  name: "sillage_publish_outcomes_total",
  help: "Publication run outcomes by platform",
  labelNames: ["platform", "outcome"] as const,
  registers: [metricsRegistry],
});

/** verdict: accepted, bad_signature, too_large, invalid, unknown_account. */
export const webhookVerdicts = new Counter({
  name: "sillage_webhook_verdicts_total",
  help: "Webhook requests by platform and verdict",
  labelNames: ["platform", "verdict"] as const,
  registers: [metricsRegistry],
});

/** error: "none" on success, else the PlatformError kind (bounded: see @sillage/connectors errors.ts). */
export const connectorCalls = new Counter({
  name: "sillage_connector_calls_total",
  help: "Graph calls by platform, operation and error class",
  labelNames: ["platform", "operation", "error"] as const,
  registers: [metricsRegistry],
});

export const connectorCallDuration = new Histogram({
  name: "sillage_connector_call_duration_seconds",
  help: "Graph call latency by platform and operation",
  labelNames: ["platform", "operation"] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

/** Channels whose breaker is in each state, by platform (set at scrape time from this process's breakers). */
export const breakerChannels = new Gauge({
  name: "sillage_breaker_channels",
  help: "Channels by platform and circuit-breaker state (closed, open, half_open) in this process",
  labelNames: ["platform", "state"] as const,
  registers: [metricsRegistry],
});

export const metaUsagePercent = new Gauge({
  name: "sillage_meta_usage_percent",
  help: "Highest Meta rate-limit usage (x-app-usage / x-business-use-case-usage, 0-100) last read, by platform",
  labelNames: ["platform"] as const,
  registers: [metricsRegistry],
});

/** action: IGNORE, ESCALATE, AUTO_REPLY. */
export const triageOutcomes = new Counter({
  name: "sillage_triage_decisions_total",
  help: "Triage decisions by action",
  labelNames: ["action"] as const,
  registers: [metricsRegistry],
});

export const triageModelDuration = new Histogram({
  name: "sillage_triage_model_duration_seconds",
  help: "Model call latency (embed, answer) by provider and outcome",
  labelNames: ["call", "provider", "outcome"] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

export const tokensExpiringSoon = new Gauge({
  name: "sillage_channel_tokens_expiring_7d",
  help: "Connected channels whose token expires within 7 days, by platform",
  labelNames: ["platform"] as const,
  registers: [metricsRegistry],
});

export const subscriptionsOpen = new Gauge({
  name: "sillage_subscriptions_open",
  help: "Live event-stream subscriptions held by this process",
  registers: [metricsRegistry],
});

export const dbPoolConnections = new Gauge({
  name: "sillage_db_pool_connections",
  help: "Database pool connections by state (total, idle, waiting clients)",
  labelNames: ["state"] as const,
  registers: [metricsRegistry],
});

/** Sentry events not sent because the bounded queue was full or the endpoint failed. */
export const sentryDropped = new Counter({
  name: "sillage_sentry_events_dropped_total",
  help: "Error reports dropped (queue full or endpoint down) by reason",
  labelNames: ["reason"] as const,
  registers: [metricsRegistry],
});

const collectors = new Map<string, () => Promise<void> | void>();

/**
 * Registers (or replaces) a collector run at each scrape, before the text is rendered: gauges read from the
 * database or from in-process state. `sillage_collector_ok{collector}` says whether each last ran cleanly.
 */
export function onScrape(name: string, collect: () => Promise<void> | void): () => void {
  collectors.set(name, collect);
  return () => {
    if (collectors.get(name) === collect) collectors.delete(name);
  };
}

export const collectorOk = new Gauge({
  name: "sillage_collector_ok",
  help: "1 when the named scrape-time collector last ran without error",
  labelNames: ["collector"] as const,
  registers: [metricsRegistry],
});

/** Runs every collector, then renders the registry (prom-client reads gauges concurrently, so collect first). */
export async function renderMetrics(): Promise<string> {
  await Promise.all(
    [...collectors].map(async ([name, collect]) => {
      try {
        await collect();
        collectorOk.set({ collector: name }, 1);
      } catch {
        collectorOk.set({ collector: name }, 0);
      }
    }),
  );
  return metricsRegistry.metrics();
}
