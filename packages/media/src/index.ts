export * from "./routes";
export * from "./signing";
export * from "./sniff";
export * from "./store";
export * from "./services";
export * from "./assets";
export * from "./convert";
