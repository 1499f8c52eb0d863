export * from "./context";
export { appRouter, createCaller, type AppRouter } from "./root";
export { resolveAuth, SESSION_COOKIE } from "./auth/sessions";
export { RetryLaterError } from "./trpc";
export { LOGIN_POLICY, reserveLoginAttempt } from "./auth/rate-limit";
export { MEDIA_MAX_BYTES } from "./router/media";
export type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
export { describeProcedures, renderApiDoc } from "./describe";
