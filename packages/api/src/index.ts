export * from "./context";
export { appRouter, createCaller, type AppRouter } from "./root";
export { SESSION_COOKIE } from "./session-cookie";
export { MAX_BATCH_SIZE, RetryLaterError } from "./trpc";
export { MEDIA_MAX_BYTES } from "@sillage/media";
export type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
export { describeProcedures, renderApiDoc } from "./describe";
