import type { Database } from "@sillage/db";
import { randomBytes } from "node:crypto";

/** The slug itself if free, else the slug with a short random suffix. */
export async function uniqueSlug(db: Database, base: string): Promise<string> {
  let slug = base;
  for (let i = 0; i < 5; i++) {
    const taken = await db.selectFrom("workspaces").select("id").where("slug", "=", slug).executeTakeFirst();
    if (!taken) return slug;
    slug = `${base.slice(0, 50)}-${randomBytes(3).toString("hex")}`;
  }
  return `${base.slice(0, 40)}-${randomBytes(8).toString("hex")}`;
}
