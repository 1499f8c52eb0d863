export * from "./define";
export * from "./enqueue";
export * from "./job-sql";
export * from "./worker";
export * from "./liveness";
export * from "./monitor";
