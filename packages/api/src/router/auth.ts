import {
  DUMMY_PASSWORD_HASH,
  hashPassword,
  hashToken,
  loginSchema,
  signupSchema,
  slugify,
  verifyPassword,
} from "@sillage/domain";
import { TRPCError } from "@trpc/server";
import type { Database } from "@sillage/db";
import { markLoginSucceeded, recordSignIn, reserveLoginAttempt } from "../auth/rate-limit";
import { createSession, revokeSession } from "../auth/sessions";
import { authedProcedure, createTRPCRouter, publicProcedure, RetryLaterError } from "../trpc";
import { uniqueSlug } from "../workspaces";

const BAD_CREDENTIALS = "Invalid email or password";

export const authRouter = createTRPCRouter({
  signup: publicProcedure.input(signupSchema).mutation(async ({ ctx, input }) => {
    const passwordHash = await hashPassword(input.password);
    const now = ctx.clock.now();
    const userId = await ctx.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
      if (existing) throw new TRPCError({ code: "CONFLICT", message: "An account already exists for this email" });
      const user = await trx
        .insertInto("users")
        .values({ email: input.email, name: input.name, password_hash: passwordHash, locale: input.locale ?? "fr" })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (input.invitationToken) {
        await acceptInvitation(trx, input.invitationToken, user.id, now);
      } else {
        const name = input.workspaceName ?? `${input.name}`;
        const ws = await trx
          .insertInto("workspaces")
          .values({ name, slug: await uniqueSlug(trx, slugify(name)), locale: input.locale ?? "fr" })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx.insertInto("memberships").values({ workspace_id: ws.id, user_id: user.id, role: "owner" }).execute();
      }
      return user.id;
    });
    await recordSignIn(ctx.db, input.email, ctx.ip, now);
    const session = await createSession(ctx.db, userId, { ip: ctx.ip, userAgent: ctx.userAgent, now });
    ctx.cookies.set(session.token, session.expiresAt);
    ctx.logger.info({ userId }, "account created");
    return { userId };
  }),

  login: publicProcedure.input(loginSchema).mutation(async ({ ctx, input }) => {
    const now = ctx.clock.now();
    const attempt = await reserveLoginAttempt(ctx.db, input.email, ctx.ip, now);
    if (!attempt.ok) {
      const retry = new RetryLaterError(attempt.retryAfterMs);
      ctx.logger.info({ limit: attempt.limit, retryAfterSeconds: retry.retryAfterSeconds }, "login throttled");
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `Too many attempts: try again in ${waitText(retry.retryAfterSeconds)}`, cause: retry });
    }
    const user = await ctx.db.selectFrom("users").select(["id", "password_hash"]).where("email", "=", input.email).executeTakeFirst();
    // Verify against a dummy hash when there is no account, so timing does not reveal which emails exist.
    const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
    if (!ok || !user) throw new TRPCError({ code: "UNAUTHORIZED", message: BAD_CREDENTIALS });
    await markLoginSucceeded(ctx.db, attempt.attemptId);
    const session = await createSession(ctx.db, user.id, { ip: ctx.ip, userAgent: ctx.userAgent, now });
    ctx.cookies.set(session.token, session.expiresAt);
    return { userId: user.id };
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
    const user = await ctx.db.selectFrom("users").select(["id", "email", "name", "locale"]).where("id", "=", auth.userId).executeTakeFirstOrThrow();
    return { kind: "session" as const, user, workspaces: await workspacesOf(ctx.db, { userId: auth.userId }) };
  }),
});

function waitText(seconds: number): string {
  return seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

async function workspacesOf(db: Database, who: { userId: string } | { workspaceId: string; role: string }) {
  let q = db.selectFrom("workspaces").select(["workspaces.id", "workspaces.slug", "workspaces.name", "workspaces.time_zone as timeZone", "workspaces.locale"]);
  if ("userId" in who) {
    const rows = await q
      .innerJoin("memberships", "memberships.workspace_id", "workspaces.id")
      .select("memberships.role")
      .where("memberships.user_id", "=", who.userId)
      .orderBy("workspaces.created_at")
      .execute();
    return rows;
  }
  q = q.where("workspaces.id", "=", who.workspaceId);
  return (await q.execute()).map((w) => ({ ...w, role: who.role }));
}

/** Joins the invited workspace; used by signup with a token and by workspace.acceptInvitation. */
export async function acceptInvitation(db: Database, token: string, userId: string, now: Date): Promise<{ workspaceId: string }> {
  const inv = await db
    .selectFrom("invitations")
    .select(["id", "workspace_id", "role", "email", "expires_at", "accepted_at", "revoked_at"])
    .where("token_hash", "=", hashToken(token))
    .forUpdate()
    .executeTakeFirst();
  if (!inv || inv.revoked_at || inv.accepted_at || inv.expires_at < now) {
    throw new TRPCError({ code: "NOT_FOUND", message: "This invitation link is invalid or has expired" });
  }
  // An invitation addressed to someone is theirs only: the link alone is not enough.
  if (inv.email) {
    const user = await db.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirstOrThrow();
    if (user.email.toLowerCase() !== inv.email.toLowerCase()) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This invitation is for ${inv.email}: sign in with that address to accept it` });
    }
  }
  await db
    .insertInto("memberships")
    .values({ workspace_id: inv.workspace_id, user_id: userId, role: inv.role })
    .onConflict((oc) => oc.columns(["workspace_id", "user_id"]).doNothing())
    .execute();
  await db.updateTable("invitations").set({ accepted_at: now, accepted_by: userId }).where("id", "=", inv.id).execute();
  return { workspaceId: inv.workspace_id };
}
