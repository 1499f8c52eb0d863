import { apiTokensRouter } from "./router/api-tokens";
import { authRouter } from "./router/auth";
import { channelsRouter } from "./router/channels";
import { workspaceRouter } from "./router/workspace";
import { createCallerFactory, createTRPCRouter } from "./trpc";

/** One router per domain noun; names are part of the public surface (docs/api.md). */
export const appRouter = createTRPCRouter({
  auth: authRouter,
  workspace: workspaceRouter,
  apiTokens: apiTokensRouter,
  channels: channelsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
