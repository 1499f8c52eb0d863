export type Role = "owner" | "admin" | "agent";

const RANK: Record<Role, number> = { agent: 1, admin: 2, owner: 3 };

/** Mirrors the server's `roleAtLeast` (the server still enforces every rule; this only hides what would fail). */
export function roleAtLeast(role: string | null | undefined, needed: Role): boolean {
  if (!role || !(role in RANK)) return false;
  return RANK[role as Role] >= RANK[needed];
}
