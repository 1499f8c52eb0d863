import { getUser, invitationLinkState, passwordResetLinkState, requestPasswordReset, resetPassword, signIn, signUp, revokeSession, workspacesOf } from "@sillage/accounts";
import { loginSchema, linkTokenSchema, passwordResetRequestSchema, passwordResetSchema, signupSchema } from "@sillage/accounts";
import { accountsErrorToApi } from "../accounts-errors";
import { apiError } from "../error-codes";
import { authedProcedure, createTRPCRouter, publicProcedure, RetryLaterError } from "../trpc";

export const authRouter = createTRPCRouter({
  signup: publicProcedure.input(signupSchema).mutation(async ({ ctx, input }) => {
    const { userId, session } = await signUp(ctx.db, input, { ip: ctx.ip, userAgent: ctx.userAgent, now: ctx.clock.now() }).catch(accountsErrorToApi);
    ctx.cookies.set(session.token, session.expiresAt);
    ctx.logger.info({ userId }, "account created");
    return { userId };
  }),

  login: publicProcedure.input(loginSchema).mutation(async ({ ctx, input }) => {
    const result = await signIn(ctx.db, input, { ip: ctx.ip, userAgent: ctx.userAgent, now: ctx.clock.now() });
    if (!result.ok && result.reason === "throttled") {
      const retry = new RetryLaterError(result.retryAfterMs);
      ctx.logger.info({ limit: result.limit, retryAfterSeconds: retry.retryAfterSeconds }, "login throttled");
      throw apiError("TOO_MANY_REQUESTS", "too_many_attempts", { seconds: retry.retryAfterSeconds }, retry);
    }
    if (!result.ok) throw apiError("UNAUTHORIZED", "bad_credentials");
    ctx.cookies.set(result.session.token, result.session.expiresAt);
    return { userId: result.userId };
  }),

  /**
   * E-mails a reset link when an account has the address: the answer is the same either way (no account enumeration);
   * only a client asking too often is refused, whatever the address.
   */
  requestPasswordReset: publicProcedure.input(passwordResetRequestSchema).mutation(async ({ ctx, input }) => {
    const result = await requestPasswordReset(ctx.db, input.email, { ip: ctx.ip, now: ctx.clock.now() });
    if (!result.ok) {
      const retry = new RetryLaterError(result.retryAfterMs);
      ctx.logger.info({ retryAfterSeconds: retry.retryAfterSeconds }, "password reset requests throttled");
      throw apiError("TOO_MANY_REQUESTS", "too_many_attempts", { seconds: retry.retryAfterSeconds }, retry);
    }
    return { ok: true as const };
  }),

  /** Whether a reset link can still set a password (`valid`), or why not, read as its page opens; spends nothing. */
  passwordResetLink: publicProcedure.input(linkTokenSchema).query(async ({ ctx, input }) => {
    return { state: await passwordResetLinkState(ctx.db, input.token, ctx.clock.now()) };
  }),

  /** Whether an invitation link can still be accepted, read as its page opens; names no workspace, spends nothing. */
  invitationLink: publicProcedure.input(linkTokenSchema).query(async ({ ctx, input }) => {
    return { state: await invitationLinkState(ctx.db, input.token, ctx.clock.now()) };
  }),

  /** Sets a new password with a reset link's token; every session of the person ends, and they sign in again. */
  resetPassword: publicProcedure.input(passwordResetSchema).mutation(async ({ ctx, input }) => {
    const { userId } = await resetPassword(ctx.db, input, ctx.clock.now()).catch(accountsErrorToApi);
    ctx.cookies.clear();
    ctx.logger.info({ userId }, "password reset");
    return { ok: true as const };
  }),

  logout: authedProcedure.mutation(async ({ ctx }) => {
    if (ctx.auth.kind === "session") await revokeSession(ctx.db, ctx.auth.sessionId, ctx.clock.now());
    ctx.cookies.clear();
    return { ok: true };
  }),

  /** The signed-in person and their workspaces; null when signed out (the SPA shows the login page). */
  me: publicProcedure.query(async ({ ctx }) => {
    const auth = ctx.auth;
    if (!auth) return null;
    if (auth.kind === "token") {
      return { kind: "token" as const, user: null, workspaces: await workspacesOf(ctx.db, { workspaceId: auth.workspaceId, role: auth.role }) };
    }
    return { kind: "session" as const, user: await getUser(ctx.db, auth.userId), workspaces: await workspacesOf(ctx.db, { userId: auth.userId }) };
  }),
});
