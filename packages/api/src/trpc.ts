/**
 * The tRPC core, in numbered parts (create-t3-turbo style):
 * 1. initialization (transformer, error formatter)
 * 2. procedures: public → authed (a person or a token) → workspace (membership resolved, database scoped), and the
 *    workspace's outbound mutations (a platform called first, then a scoped transaction on demand)
 * Routers import only these procedures; tenant scoping happens here and nowhere else, and so does the cleaning
 * of every string a caller sends.
 */
import { authStillValid, membershipRole } from "@sillage/accounts";
import { withWorkspace, type ScopedDb } from "@sillage/db";
import { roleAtLeast, type Role } from "@sillage/accounts";
import { trpcDuration } from "@sillage/observability";
import { cleanInput } from "@sillage/validators";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { ApiContext, Auth, LiveEvent, WorkspaceEventSource } from "./context";
import { API_ERRORS, apiError, CodedTRPCError, renderTemplate, type ApiErrorCode, type IssueParams } from "./error-codes";
import { describeInputError, inputIssuesOf, invalidInput } from "./input-errors";

export { invalidInput } from "./input-errors";

/** The cause of a TOO_MANY_REQUESTS error that knows when to come back: sent as `data.retryAfterSeconds`. */
export class RetryLaterError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`retry in ${retryAfterMs} ms`);
  }
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.retryAfterMs / 1000));
  }
}

// 1. initialization
const t = initTRPC.context<ApiContext>().create({
  transformer: superjson,
  sse: { ping: { enabled: true, intervalMs: 10_000 }, client: { reconnectAfterInactivityMs: 25_000 } },
  errorFormatter({ shape, error, ctx }) {
    const issues = error.code === "BAD_REQUEST" ? inputIssuesOf(error.cause) : null;
    const described = issues ? describeInputError(issues) : null;
    const transport = error instanceof CodedTRPCError || issues ? null : transportError(error, ctx?.requestId);
    return {
      ...shape,
      message: described?.message ?? transport?.message ?? shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        fieldErrors: described?.fieldErrors ?? null,
        formErrors: described?.formErrors ?? null,
        // Codes with parameters, rendered in the reader's language by the SPA (error-codes.ts).
        fieldIssues: described?.fieldIssues ?? null,
        appError: error instanceof CodedTRPCError ? { code: error.appCode, params: error.appParams } : (transport?.appError ?? null),
        ...(error.cause instanceof RetryLaterError ? { retryAfterSeconds: error.cause.retryAfterSeconds } : {}),
      },
    };
  },
});

/** The most calls one batched request may carry (the HTTP handler's `maxBatchSize`): each runs its own transaction. */
export const MAX_BATCH_SIZE = 50;

/**
 * Errors no router raised, given a code like every other refusal: tRPC's own refusals of the request (a body that
 * is no JSON or superjson, mixed procedure types, a batch over MAX_BATCH_SIZE) and unexpected failures, whose
 * message (a driver's or PostgreSQL's text: constraint and column names) stays in the logs, never in the answer.
 */
function transportError(error: TRPCError, requestId: string | undefined): { message: string; appError: { code: ApiErrorCode; params: IssueParams } } | null {
  const coded = (code: ApiErrorCode, params: IssueParams = {}) => ({ message: renderTemplate(API_ERRORS[code], params), appError: { code, params } });
  if (error.code === "INTERNAL_SERVER_ERROR") return coded("internal_error", { requestId: requestId ?? "unknown" });
  if (error.code !== "BAD_REQUEST" && error.code !== "PARSE_ERROR") return null;
  if (error.message === "Batch call exceeds maximum size") return coded("batch_too_large", { max: MAX_BATCH_SIZE });
  // What is wrong with the text (JSON's syntax error, tRPC's own words) helps the caller; an engine's or a library's
  // failure while reading it ("object is not iterable", "Maximum call stack size exceeded") is an internal: logs only.
  const cause = error.cause;
  const detail = !(cause instanceof Error) || cause instanceof SyntaxError ? ` (${error.message.slice(0, 200)})` : "";
  return { message: `${API_ERRORS.malformed_request}${detail}`, appError: { code: "malformed_request", params: {} } };
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

const logged = t.middleware(async ({ ctx, path, type, next }) => {
  const start = performance.now();
  const result = await next();
  const elapsed = performance.now() - start;
  const ms = Math.round(elapsed);
  // Subscriptions stay open for minutes: their "duration" says nothing about latency.
  if (type !== "subscription") trpcDuration.observe({ procedure: path, type, code: result.ok ? "ok" : result.error.code }, elapsed / 1000);
  if (!result.ok) {
    const level = result.error.code === "INTERNAL_SERVER_ERROR" ? "error" : "info";
    ctx.logger[level]({ path, type, ms, code: result.error.code, err: level === "error" ? result.error : undefined }, "procedure failed");
  } else if (type !== "subscription") {
    ctx.logger.debug({ path, type, ms }, "procedure ok");
  }
  return result;
});

// Cookie-authenticated mutations must come from our own origin (CSRF); bearer-token tools send no cookies.
const csrf = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && !ctx.sameOrigin) {
    throw apiError("FORBIDDEN", "cross_site");
  }
  return next();
});

/** The longest list any procedure takes (a broadcast's 10,000 phone numbers). */
const MAX_LIST_ITEMS = 10_000;
const PROBLEMS = {
  nul: { message: "Remove the NUL character (U+0000): text cannot contain it", code: "nul_character", params: {} },
  too_many_items: { message: `At most ${MAX_LIST_ITEMS.toLocaleString("en-US")} items`, code: "max_items", params: { max: MAX_LIST_ITEMS } },
};

/**
 * Every string of every input, before any schema sees it (so no procedure can forget): lone UTF-16 surrogates
 * become U+FFFD, and a NUL (U+0000), which PostgreSQL cannot store, is refused with a field error at its path —
 * refused rather than dropped, so what is stored is what was sent. A list longer than any procedure takes is
 * refused here too, before a schema would check each of its items. Lazy: the input is read when the procedure's
 * parser asks for it, after authentication.
 */
const cleanStrings = t.middleware(({ getRawInput, next }) => {
  let cleaned: Promise<unknown> | undefined;
  const clean = async () => {
    const { value, problems } = cleanInput(await getRawInput(), { maxItems: MAX_LIST_ITEMS });
    if (problems.length) throw invalidInput(problems.map(({ path, problem }) => ({ path, ...PROBLEMS[problem] })));
    return value;
  };
  return next({ getRawInput: () => (cleaned ??= clean()) });
});

// 2. procedures
export const publicProcedure = t.procedure.use(logged).use(csrf).use(cleanStrings);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.auth) throw apiError("UNAUTHORIZED", "sign_in_first");
  return next({ ctx: { auth: ctx.auth, logger: ctx.logger.child(authLogFields(ctx.auth)) } });
});

/** A signed-in person (not an API token): account-level procedures such as creating a workspace. */
export const userProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.auth.kind !== "session") throw apiError("FORBIDDEN", "person_only");
  return next({ ctx: { auth: ctx.auth } });
});

export interface WorkspaceScope {
  id: string;
  role: Role;
}

async function resolveWorkspace(ctx: ApiContext & { auth: Auth }): Promise<WorkspaceScope> {
  if (ctx.auth.kind === "token") return { id: ctx.auth.workspaceId, role: ctx.auth.role };
  const wanted = ctx.requestedWorkspaceId;
  if (!wanted || !z.uuid().safeParse(wanted).success) {
    throw apiError("BAD_REQUEST", "choose_workspace");
  }
  const role = await membershipRole(ctx.db, wanted, ctx.auth.userId);
  // Not a member and no such workspace look the same from outside.
  if (!role) throw apiError("NOT_FOUND", "workspace_not_found");
  return { id: wanted, role };
}

/**
 * Queries and mutations of a workspace: `ctx.db` is a transaction running as the row-level-security role with
 * the workspace set, so no query in a router can read or change another workspace's rows.
 */
export const workspaceProcedure = authedProcedure.use(async ({ ctx, type, next }) => {
  if (type === "subscription") throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Use workspaceSubscription" });
  const workspace = await resolveWorkspace(ctx);
  const logger = ctx.logger.child({ workspaceId: workspace.id });
  const run = (db: ScopedDb) => next({ ctx: { db, workspace, logger } });
  let result: Awaited<ReturnType<typeof run>> | undefined;
  try {
    await withWorkspace(ctx.db, workspace.id, async (db) => {
      result = await run(db);
      // A failed procedure must not leave half its writes behind.
      if (!result.ok) throw new RollbackSignal();
    });
  } catch (err) {
    if (!(err instanceof RollbackSignal)) throw err;
  }
  return result!;
});

class RollbackSignal extends Error {}

/** One transaction scoped to the workspace (row-level security on), opened when called. */
export type ScopedRun = <T>(fn: (db: ScopedDb) => Promise<T>) => Promise<T>;

/**
 * Workspace mutations that call a platform before they write (connecting a channel checks its token with Meta): no
 * transaction is open while Meta answers, so no lock (the plan gate's per-workspace one) is held across the network.
 * `ctx.scoped(fn)` runs one scoped transaction on demand; the unscoped pool is hidden (`ctx.db` undefined).
 */
export const workspaceOutboundProcedure = authedProcedure.use(async ({ ctx, next }) => {
  const workspace = await resolveWorkspace(ctx);
  const scoped: ScopedRun = (fn) => withWorkspace(ctx.db, workspace.id, fn);
  return next({ ctx: { workspace, scoped, db: undefined, logger: ctx.logger.child({ workspaceId: workspace.id }) } });
});

/**
 * Subscriptions live long: no transaction is held; `ctx.scoped(fn)` runs one scoped transaction on demand.
 * Access is checked again while a stream is open: a revoked session or token, or a member removed from the
 * workspace, ends it within `liveAccessRecheckMs`.
 */
export const workspaceSubscription = authedProcedure.use(async ({ ctx, next }) => {
  const workspace = await resolveWorkspace(ctx);
  const scoped: ScopedRun = (fn) => withWorkspace(ctx.db, workspace.id, fn);
  const stillAllowed = async () =>
    (await authStillValid(ctx.db, ctx.auth, ctx.clock.now())) && (await resolveWorkspace(ctx).then((w) => w.id === workspace.id, () => false));
  const events: WorkspaceEventSource = { stream: (id, opts) => whileAllowed(ctx.events, id, opts, stillAllowed, ctx.liveAccessRecheckMs ?? 15_000) };
  return next({ ctx: { workspace, scoped, events, logger: ctx.logger.child({ workspaceId: workspace.id }) } });
});

async function* whileAllowed(
  source: WorkspaceEventSource,
  workspaceId: string,
  opts: { lastEventId?: number; signal?: AbortSignal },
  stillAllowed: () => Promise<boolean>,
  everyMs: number,
): AsyncIterable<LiveEvent> {
  const ended = new AbortController();
  const end = () => ended.abort();
  opts.signal?.addEventListener("abort", end);
  const timer = setInterval(() => void stillAllowed().then((ok) => ok || end(), () => undefined), everyMs);
  timer.unref();
  try {
    yield* source.stream(workspaceId, { ...opts, signal: ended.signal });
  } finally {
    clearInterval(timer);
    opts.signal?.removeEventListener("abort", end);
  }
}

export function requireRole(workspace: WorkspaceScope, needed: Role): void {
  if (!roleAtLeast(workspace.role, needed)) {
    throw apiError("FORBIDDEN", "role_required", { role: needed });
  }
}

function authLogFields(auth: Auth): Record<string, string> {
  return auth.kind === "session" ? { userId: auth.userId } : { apiTokenId: auth.tokenId, workspaceId: auth.workspaceId };
}
