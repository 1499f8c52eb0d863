/** KPIs in fixed 2-hour windows of the workspace's zone: the aggregate, its job, the API's reads (README.md). */
export * from "./windows";
export * from "./definitions";
export * from "./aggregate";
export * from "./run";
export * from "./queries";
export { kpisJobs, kpisCron, kpiAggregateJob, WINDOW_END_JOB_KEY } from "./jobs/index";
export { seedDemoKpiHistory, DEMO_HISTORY_DAYS } from "./demo";
