// The connectors' plain-data types (JSON-serialisable where they are stored: publish progress, webhook events,
// results), one file per capability. Re-exported whole by the package's `index.ts`.

export type { ConnectorConfig } from "../config";
export * from "./channel";
export * from "./tokens";
export * from "./publishing";
export * from "./comments";
export * from "./messaging";
export * from "./profiles";
export * from "./errors";
export * from "./webhooks";
export * from "./connector";
