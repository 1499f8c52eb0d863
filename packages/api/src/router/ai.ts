import { isStorableInstant } from "@sillage/time";
import { bumpRulesVersion, setSafetyCategory, setWorkspaceAiEnabled, workspaceAiSwitches } from "@sillage/accounts";
import { channelAiSwitches, setChannelAiEnabled } from "@sillage/channels";
import { raiseWorkspaceEvent, type ScopedDb } from "@sillage/db";
import { checkPattern, compileKeyword, type PatternProblem, compileRules, MAX_PATTERN_LENGTH, RULE_TYPES, SAFETY_CATEGORIES, SWITCHABLE_SAFETY_IDS, triage, TRIAGES, type AiRule } from "@sillage/triage";
import { compiledRulesFor, createRule, deleteRule, listDecisions, listRules, loadAiState, loadKnowledgeIndex, replayRules, updateRule } from "@sillage/triage/store";
import { multiLineTextSchema, oneLineNameSchema } from "@sillage/validators";
import { z } from "zod";
import { apiError, fieldIssue, type FieldIssueCode } from "../error-codes";
import { createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

/** A rule as people edit it; every field error is reported next to its field (zod fieldErrors). */
/** A refused pattern's field issue: the common slips by name, anything else with RE2's own words. */
const PATTERN_ISSUES: Record<PatternProblem, FieldIssueCode> = {
  empty: "rule_pattern",
  too_long: "rule_pattern",
  syntax: "rule_pattern",
  backreference: "rule_pattern_backreference",
  lookaround: "rule_pattern_lookaround",
  repeat_count: "rule_pattern_repeat_count",
  unbalanced: "rule_pattern_unbalanced",
  nothing_to_repeat: "rule_pattern_nothing_to_repeat",
};

const ruleFields = z
  .object({
    type: z.enum(RULE_TYPES),
    name: oneLineNameSchema({ max: 80, required: "Give the rule a name" }),
    keywords: z
      .array(oneLineNameSchema({ max: 80, allowEmpty: true }))
      .max(100)
      .default([])
      .transform((ks) => ks.filter(Boolean))
      .superRefine((ks, ctx) => {
        ks.forEach((k) => {
          if (!compileKeyword(k)) ctx.addIssue({ code: "custom", ...fieldIssue("rule_keyword", { keyword: k }) });
        });
      }),
    patterns: z
      .array(z.string().max(MAX_PATTERN_LENGTH, `At most ${MAX_PATTERN_LENGTH} characters`))
      .max(20)
      .default([])
      .transform((ps) => ps.filter((p) => p.trim()))
      .superRefine((ps, ctx) => {
        ps.forEach((p, i) => {
          const check = checkPattern(p);
          if (!check.ok) ctx.addIssue({ code: "custom", ...fieldIssue(PATTERN_ISSUES[check.problem], { index: i + 1, pattern: p.slice(0, 40), detail: check.detail ?? check.error }) });
        });
      }),
    examples: z
      .array(multiLineTextSchema({ max: 500, trim: true }))
      .max(50)
      .default([])
      .transform((es) => es.filter(Boolean)),
    similarityThreshold: z.number().min(0.3, "At least 0.30").max(1, "At most 1").default(0.7),
    confidenceMin: z.number().min(0, "Between 0 and 1").max(1, "Between 0 and 1").default(0.7),
    enabled: z.boolean().default(true),
    priority: z.number().int().min(0).max(100_000).default(100),
    /** Auto rules: how their answers to Instagram comments go out (null: the workspace's `commentReplyMode`). */
    commentReplyMode: z.enum(["public", "private"]).nullable().default(null),
  })
  .superRefine((r, ctx) => {
    if (r.type !== "auto" && !r.keywords.length && !r.patterns.length && !r.examples.length) {
      ctx.addIssue({ code: "custom", path: ["keywords"], ...fieldIssue("rule_needs_matcher") });
    }
  });

/** A draft rule for replay / try-it: same checks, with the id of the saved rule it edits (if any). */
const draftRule = z.intersection(ruleFields, z.object({ id: z.string().max(64).optional() }));

function draftToRules(drafts: z.output<typeof draftRule>[]): AiRule[] {
  return drafts.map((d, i) => ({ ...d, id: d.id ?? `draft-${i + 1}` }));
}

/** Every rules change bumps rules_version (kept in each decision's snapshot) and tells open pages. */
async function rulesChanged(db: ScopedDb, workspaceId: string) {
  const rulesVersion = await bumpRulesVersion(db, workspaceId);
  await raiseWorkspaceEvent(db, workspaceId, "ai.rules.updated", { rulesVersion });
  return rulesVersion;
}

async function controlState(db: ScopedDb, workspaceId: string) {
  const w = await workspaceAiSwitches(db, workspaceId);
  const channels = await channelAiSwitches(db);
  return { enabled: w.aiEnabled, rulesVersion: w.rulesVersion, channels: channels.map((c) => ({ ...c, effective: w.aiEnabled && c.aiEnabled })) };
}

const controlRouter = createTRPCRouter({
  /** The AI switch: workspace-wide, and per channel (an automatic reply needs both on). */
  get: workspaceProcedure.query(({ ctx }) => controlState(ctx.db, ctx.workspace.id)),

  /** Without channelId: the workspace switch; with it: that channel's. The send path checks both at send time. */
  set: workspaceProcedure.input(z.object({ enabled: z.boolean(), channelId: z.uuid().optional() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    if (input.channelId) {
      if (!(await setChannelAiEnabled(ctx.db, input.channelId, input.enabled))) throw apiError("NOT_FOUND", "channel_not_found");
    } else {
      await setWorkspaceAiEnabled(ctx.db, ctx.workspace.id, input.enabled);
    }
    await raiseWorkspaceEvent(ctx.db, ctx.workspace.id, "ai.control.updated", { enabled: input.enabled, channelId: input.channelId ?? null });
    ctx.logger.info({ enabled: input.enabled, channelId: input.channelId }, "AI control changed");
    return controlState(ctx.db, ctx.workspace.id);
  }),
});

const rulesRouter = createTRPCRouter({
  /** Rules in execution order (type, then priority). */
  list: workspaceProcedure.query(({ ctx }) => listRules(ctx.db)),

  create: workspaceProcedure.input(ruleFields).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    const rule = await createRule(ctx.db, ctx.workspace.id, input);
    return { rule, rulesVersion: await rulesChanged(ctx.db, ctx.workspace.id) };
  }),

  update: workspaceProcedure.input(z.intersection(ruleFields, z.object({ id: z.uuid() }))).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    const { id, ...fields } = input;
    const rule = await updateRule(ctx.db, id, fields);
    if (!rule) throw apiError("NOT_FOUND", "rule_not_found");
    return { rule, rulesVersion: await rulesChanged(ctx.db, ctx.workspace.id) };
  }),

  delete: workspaceProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    if (!(await deleteRule(ctx.db, input.id))) throw apiError("NOT_FOUND", "rule_not_found");
    return { ok: true, rulesVersion: await rulesChanged(ctx.db, ctx.workspace.id) };
  }),
});

const safetyRouter = createTRPCRouter({
  /** The built-in safety escalations (FR and EN keywords), each on unless switched off explicitly. */
  list: workspaceProcedure.query(async ({ ctx }) => {
    const { settings } = await loadAiState(ctx.db, ctx.workspace.id);
    return SAFETY_CATEGORIES.map((c) => ({ id: c.id, label: c.label, locked: c.locked, enabled: c.locked || !settings.safetyDisabled.includes(c.id), keywords: c.keywords }));
  }),

  set: workspaceProcedure.input(z.object({ category: z.string().max(40), enabled: z.boolean() })).mutation(async ({ ctx, input }) => {
    requireRole(ctx.workspace, "admin");
    if (!(SWITCHABLE_SAFETY_IDS as readonly string[]).includes(input.category)) {
      throw apiError("BAD_REQUEST", SAFETY_CATEGORIES.some((c) => c.id === input.category) ? "safety_locked" : "safety_unknown");
    }
    const next = await setSafetyCategory(ctx.db, ctx.workspace.id, input.category, input.enabled);
    ctx.logger.info({ category: input.category, enabled: input.enabled }, "safety category changed");
    const rulesVersion = await rulesChanged(ctx.db, ctx.workspace.id);
    return { safetyDisabled: next, rulesVersion };
  }),
});

/** What `ai.decisions` (and each message of `inbox.messages`) says about a decision's reply (appended to docs/api.md). */
export const decisionOutcomeDoc = [
  "## Decision outcomes (`ai.decisions`, `inbox.messages`)",
  "",
  "Each triage decision has an `outcome` (`triageOutcome` on the messages of `inbox.messages`): what became of its reply.",
  "",
  "- `not_applicable`: IGNORE or ESCALATE, nothing to send. `pending`: an automatic reply queued or being sent. `sent`.",
  "- `blocked_ai_off`: the AI switch (workspace or channel) was off, at decision time or when the reply was about to go.",
  "- `suppressed_human`: held back because a person answered the conversation within `humanTakeoverHours`; with",
  "  `outcomeError` (`triageOutcomeError`) `answered`, because a person answered that burst (in Sillage, or from the",
  "  Instagram app: an echo) before the reply went out, whatever the takeover window (a queued reply is cancelled).",
  "- `window_closed`: refused by the platform's messaging window (WhatsApp 24 h: only an approved template may go,",
  "  `inbox.templates` lists them; Instagram 24 h), by Sillage's own check or by the platform (WhatsApp 131047, also",
  "  when it arrives later as a `failed` status).",
  "- `failed`: the reply did not go out for another reason.",
  "- `superseded`: the customer edited the burst before anything answered it, and a newer decision (`supersededBy`)",
  "  replaced this one, whatever it decided; its automatic reply, if still queued, was cancelled.",
  "- `withdrawn`: the customer unsent every message it answered before its automatic reply went out (cancelled).",
  "",
  "When the send gate or the platform refused the reply, `outcomeError` (`triageOutcomeError`) is the error class — the gate's code",
  "(`window_closed`, `channel_unavailable`, `ai_off`, `human_takeover`, `not_found`) or the connector's error kind",
  "(`auth_expired`, `permission`, `policy`, `undeliverable`, `uncertain` = may or may not have gone out, …) — and",
  "`outcomeMessage` (`triageOutcomeMessage`) the sentence the gate or the platform gave, in English; both are null",
  "otherwise (a decision taken while the switch was off is `blocked_ai_off` with no error: nothing was tried).",
];

export const aiRouter = createTRPCRouter({
  control: controlRouter,
  rules: rulesRouter,
  safety: safetyRouter,

  /** "Try it": a typed message through the workspace's rules (or a draft), knowledge and provider; nothing stored or sent. */
  test: workspaceProcedure
    .input(z.object({ text: multiLineTextSchema({ max: 4000, min: 1, trim: true, required: "Type a message" }), rules: z.array(draftRule).max(200).optional(), hoursSinceHumanReply: z.number().min(0).max(10_000).optional() }))
    .mutation(async ({ ctx, input }) => {
      const { settings, aiEnabled } = await loadAiState(ctx.db, ctx.workspace.id);
      const rules = input.rules ? compileRules(draftToRules(input.rules)) : await compiledRulesFor(ctx.db, ctx.workspace.id, settings.rulesVersion);
      const { index } = await loadKnowledgeIndex(ctx.db, ctx.ai.embedder, ctx.workspace.id);
      const now = ctx.clock.now();
      const lastHumanReplyAt = input.hoursSinceHumanReply === undefined ? null : new Date(now.getTime() - input.hoursSinceHumanReply * 3_600_000);
      const decision = await triage({ key: "test", messages: [{ id: "test", text: input.text }], lastHumanReplyAt }, { rules, provider: ctx.ai, retriever: index, settings, now });
      return { ...decision, aiEnabled };
    }),

  /** Decisions taken, newest first (cursor = the last item's `cursor`). */
  decisions: workspaceProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(30), cursor: z.string().max(100).nullish(), triage: z.enum(TRIAGES).optional() }).default({ limit: 30 }))
    .query(async ({ ctx, input }) => {
      let before: { createdAt: Date; id: string } | undefined;
      if (input.cursor) {
        const [at, id] = input.cursor.split("|");
        const createdAt = new Date(at ?? "");
        if (!isStorableInstant(createdAt) || !z.uuid().safeParse(id).success) throw apiError("BAD_REQUEST", "bad_cursor");
        before = { createdAt, id: id! };
      }
      const { items, hasMore } = await listDecisions(ctx.db, { limit: input.limit, triage: input.triage, before });
      const last = items[items.length - 1];
      return { items, nextCursor: hasMore && last ? `${last.createdAt.toISOString()}|${last.id}` : null };
    }),

  /** The saved rules and a draft over the last days of inbound messages: counts before / after and changed examples. */
  replay: workspaceProcedure
    .input(
      z
        .object({ rules: z.array(draftRule).max(200).optional(), safetyDisabled: z.array(z.string().max(40)).max(10).optional(), days: z.number().int().min(1).max(30).default(7) })
        .default({ days: 7 }),
    )
    .mutation(({ ctx, input }) =>
      replayRules(ctx.db, {
        workspaceId: ctx.workspace.id,
        draft: input.rules ? draftToRules(input.rules) : undefined,
        draftSafetyDisabled: input.safetyDisabled,
        now: ctx.clock.now(),
        days: input.days,
      }),
    ),
});
