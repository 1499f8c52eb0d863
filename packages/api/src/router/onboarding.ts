import { dismissOnboarding, onboardingDismissedAt, workspaceAiSwitches } from "@sillage/accounts";
import { channelAiSwitches } from "@sillage/channels";
import { hasScheduledPost } from "@sillage/publishing";
import { aiSetupProgress } from "@sillage/triage/store";
import { createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

/** The getting-started steps, in the order a new shop takes them. */
export const ONBOARDING_STEPS = ["channel", "knowledge", "rule", "post", "ai"] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

/**
 * The first-run checklist: each step is read from the workspace's real data through the package that owns it (a
 * connected channel, a knowledge document, an AI rule, a post not cancelled, the AI answering on a channel), so it
 * ticks itself whichever way the step was done (app, API, CLI) and unticks when undone.
 */
export const onboardingRouter = createTRPCRouter({
  checklist: workspaceProcedure.query(async ({ ctx }) => {
    const [channels, ai, post, switches, dismissedAt] = await Promise.all([
      channelAiSwitches(ctx.db),
      aiSetupProgress(ctx.db),
      hasScheduledPost(ctx.db),
      workspaceAiSwitches(ctx.db, ctx.workspace.id),
      onboardingDismissedAt(ctx.db, ctx.workspace.id),
    ]);
    const done: Record<OnboardingStep, boolean> = {
      channel: channels.length > 0,
      knowledge: ai.knowledge,
      rule: ai.rule,
      post,
      // Automatic replies need both switches: the workspace's and at least one connected channel's.
      ai: switches.aiEnabled && channels.some((c) => c.aiEnabled),
    };
    const steps = ONBOARDING_STEPS.map((id) => ({ id, done: done[id] }));
    const completed = steps.filter((s) => s.done).length;
    return { steps, completed, total: steps.length, allDone: completed === steps.length, dismissed: dismissedAt !== null };
  }),

  /** Hides the checklist for the whole workspace (admins: it is the workspace's set-up, not one person's). */
  dismiss: workspaceProcedure.mutation(async ({ ctx }) => {
    requireRole(ctx.workspace, "admin");
    await dismissOnboarding(ctx.db, ctx.workspace.id, ctx.clock.now());
    return { ok: true };
  }),
});
