import { useQueryClient } from "@tanstack/react-query";
import { redirect, useRouter } from "@tanstack/react-router";
import * as z from "zod/mini";
import type { RouterContext } from "../routes/__root";
import { searchOf } from "./search";

/** Where to go after signing in: a same-site path from `?redirect=`, else the schedule. */
export function safeRedirect(target: string | undefined | null): string {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return "/schedule";
  if (target.startsWith("/login") || target.startsWith("/signup")) return "/schedule";
  return target;
}

/** Minimal client-side checks, in the person's language; the server validates again. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const PASSWORD_MIN = 10;

/** `?redirect=` of the sign-in and sign-up pages: where to go after (checked again by `safeRedirect`). */
export const validateSearchRedirect = searchOf({ redirect: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))) });

/** `beforeLoad` of the sign-in and sign-up pages: someone already signed in goes straight on. */
export async function redirectIfSignedIn({ context, search }: { context: RouterContext; search: { redirect?: string } }): Promise<void> {
  const me = await context.queryClient.ensureQueryData(context.trpc.auth.me.queryOptions());
  if (me) throw redirect({ href: safeRedirect(search.redirect) });
}

/** After signing in or up: nothing cached from a previous session survives, then on to `redirectTo` (or the schedule). */
export function useEnterApp(redirectTo: string | undefined): () => Promise<void> {
  const queryClient = useQueryClient();
  const router = useRouter();
  return async () => {
    queryClient.clear();
    await router.navigate({ href: safeRedirect(redirectTo) });
  };
}
