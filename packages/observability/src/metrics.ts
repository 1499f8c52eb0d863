import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** One registry per process; `/metrics` renders it in Prometheus text format. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: "sillage_" });

export const httpRequestDuration = new Histogram({
  name: "sillage_http_request_duration_seconds",
  help: "HTTP request duration by route and status",
  labelNames: ["method", "route", "status"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const jobEvents = new Counter({
  name: "sillage_jobs_total",
  help: "Background job outcomes by task",
  labelNames: ["task", "outcome"] as const,
  registers: [metricsRegistry],
});

export const jobDuration = new Histogram({
  name: "sillage_job_duration_seconds",
  help: "Background job run time by task",
  labelNames: ["task"] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
  registers: [metricsRegistry],
});

export const subscriptionsOpen = new Gauge({
  name: "sillage_subscriptions_open",
  help: "Live event-stream subscriptions held by this process",
  registers: [metricsRegistry],
});
