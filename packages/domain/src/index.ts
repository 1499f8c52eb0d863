export * from "./auth";
export * from "./clock";
export * from "./links";
export * from "./phone";
export * from "./secret-box";
export * from "./text";
export * from "./time-zone";
export * from "./workspace";
