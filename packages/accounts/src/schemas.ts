// What people type to sign up, sign in and set up a workspace.
import { timeZoneSchema } from "@sillage/time";
import { oneLineNameSchema, tokenSchema } from "@sillage/validators";
import { z } from "zod";

export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const localeSchema = z.enum(LOCALES);

export const emailSchema = z.string().trim().max(254).toLowerCase().pipe(z.email("Enter a valid email address").max(254));
export const passwordSchema = z
  .string()
  .min(10, "At least 10 characters")
  .max(200, "At most 200 characters");

export const signupSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: oneLineNameSchema({ max: 80, required: "Name is required" }),
  workspaceName: oneLineNameSchema({ max: 80 }).optional(),
  locale: z.enum(["fr", "en"]).optional(),
  // The browser's zone, so a shop outside France sees its own hours from the start; one this server cannot use
  // (an old browser's alias, "Etc/Unknown") leaves the default (Europe/Paris) rather than refusing the sign-up.
  timeZone: timeZoneSchema.optional().catch(undefined),
  invitationToken: tokenSchema({ min: 10, max: 200 }).optional(),
});
export const loginSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) });
/** Forgotten password: the address to e-mail a link to, then the link's token with the new password (sign-up's rules). */
export const passwordResetRequestSchema = z.object({ email: emailSchema });
export const passwordResetSchema = z.object({ token: tokenSchema({ min: 10, max: 200 }), password: passwordSchema });
/** An e-mailed or shared link's token (password reset, invitation), checked as its page opens. */
export const linkTokenSchema = passwordResetSchema.pick({ token: true });

export const workspaceNameSchema = oneLineNameSchema({ max: 80, required: "Name is required" });
export const slugSchema = z
  .string()
  .trim()
  .max(63)
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "2–63 lowercase letters, digits or dashes");

export const workspaceUpdateSchema = z
  .object({
    name: workspaceNameSchema,
    timeZone: timeZoneSchema,
    locale: localeSchema,
    burstWindowSeconds: z.number().int().min(1).max(300),
    humanTakeoverHours: z.number().int().min(0).max(720),
    /** Comments: how an automatic answer goes out when its rule does not say (under the post, or as a private DM). */
    commentReplyMode: z.enum(["public", "private"]),
    /** Comments: hide on Instagram, at once, a comment a deny rule catches. */
    commentHideSpam: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "Nothing to update", params: { code: "nothing_to_update" } });

export function slugify(name: string): string {
  const base = name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return base.length >= 2 ? base : `ws-${base}`.replace(/-$/, "") || "workspace";
}
