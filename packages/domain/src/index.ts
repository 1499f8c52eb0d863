export * from "./auth";
export * from "./clock";
export * from "./phone";
export * from "./secret-box";
export * from "./time-zone";
export * from "./workspace";
