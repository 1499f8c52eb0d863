export * from "./connect";
export * from "./refresh";
export * from "./store";
