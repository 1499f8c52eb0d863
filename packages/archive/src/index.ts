/** The D+90 archive: rows past retention → JSONL + zstd objects (S3 or a local folder), checked, then deleted (README.md). */
export * from "./storage";
export * from "./tables";
export * from "./run";
export * from "./restore";
export { retryFailedBatches, type ArchiveBatch, type BatchStatus } from "./manifest";
export { registerArchiveMetrics } from "./metrics";
export { archiveJobs, archiveCron, archiveRunJob } from "./jobs/index";
