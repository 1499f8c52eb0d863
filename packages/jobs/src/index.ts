export * from "./define";
export * from "./enqueue";
export * from "./registry";
export * from "./runner";
export * from "./definitions/system";
export * from "./definitions/channels";
export * from "./liveness";
