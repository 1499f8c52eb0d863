export * from "./plans";
export * from "./errors";
export * from "./period";
export * from "./plan-store";
export * from "./credits";
export * from "./gate";
export * from "./usage";
export * from "./jobs";
