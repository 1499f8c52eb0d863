/** Where to go after signing in: a same-site path from `?redirect=`, else the schedule. */
export function safeRedirect(target: string | undefined | null): string {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return "/schedule";
  if (target.startsWith("/login") || target.startsWith("/signup")) return "/schedule";
  return target;
}

/** Minimal client-side checks, in the person's language; the server validates again. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const PASSWORD_MIN = 10;

export function validateSearchRedirect(search: Record<string, unknown>): { redirect?: string } {
  return typeof search.redirect === "string" ? { redirect: search.redirect } : {};
}
