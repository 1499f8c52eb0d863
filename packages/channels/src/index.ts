export * from "./connect";
export * from "./check";
export * from "./store";
export * from "./jobs";
export * from "./oauth-states";
export * from "./queries";
export * from "./webhooks";
