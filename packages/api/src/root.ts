import { aiRouter } from "./router/ai";
import { analyticsRouter } from "./router/analytics";
import { apiTokensRouter } from "./router/api-tokens";
import { authRouter } from "./router/auth";
import { billingRouter } from "./router/billing";
import { channelsRouter } from "./router/channels";
import { commentsRouter } from "./router/comments";
import { mediaRouter } from "./router/media";
import { postsRouter } from "./router/posts";
import { demoRouter } from "./router/demo";
import { failuresRouter } from "./router/failures";
import { inboxRouter } from "./router/inbox";
import { knowledgeRouter } from "./router/knowledge";
import { labelsRouter } from "./router/labels";
import { notesRouter } from "./router/notes";
import { notificationsRouter } from "./router/notifications";
import { onboardingRouter } from "./router/onboarding";
import { savedRepliesRouter } from "./router/saved-replies";
import { workspaceRouter } from "./router/workspace";
import { createCallerFactory, createTRPCRouter } from "./trpc";

/** One router per domain noun; names are part of the public surface (docs/api.md). */
export const appRouter = createTRPCRouter({
  auth: authRouter,
  workspace: workspaceRouter,
  apiTokens: apiTokensRouter,
  channels: channelsRouter,
  posts: postsRouter,
  media: mediaRouter,
  inbox: inboxRouter,
  demo: demoRouter,
  ai: aiRouter,
  knowledge: knowledgeRouter,
  labels: labelsRouter,
  notes: notesRouter,
  savedReplies: savedRepliesRouter,
  onboarding: onboardingRouter,
  failures: failuresRouter,
  analytics: analyticsRouter,
  comments: commentsRouter,
  billing: billingRouter,
  notifications: notificationsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
