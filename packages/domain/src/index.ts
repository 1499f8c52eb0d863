export * from "./auth";
export * from "./clock";
export * from "./secret-box";
export * from "./time-zone";
export * from "./workspace";
