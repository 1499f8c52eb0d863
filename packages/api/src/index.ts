export * from "./context";
export { appRouter, createCaller, type AppRouter } from "./root";
export { resolveAuth, SESSION_COOKIE } from "./auth/sessions";
export { MEDIA_MAX_BYTES } from "./router/media";
export type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
export { describeProcedures, renderApiDoc } from "./describe";
