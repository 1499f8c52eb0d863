import { z } from "zod";
import { timeZoneSchema } from "./time-zone";

export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const localeSchema = z.enum(LOCALES);

export const ROLES = ["owner", "admin", "agent"] as const;
export type Role = (typeof ROLES)[number];

/** Who may do what: owners and admins manage the workspace, agents work the inbox. */
export const ROLE_RANK: Record<Role, number> = { agent: 1, admin: 2, owner: 3 };
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

export const workspaceNameSchema = z.string().trim().min(1, "Name is required").max(80);
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
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "Nothing to update" });

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
