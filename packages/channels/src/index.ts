export * from "./connect";
export * from "./check";
export * from "./store";
export * from "./jobs";
