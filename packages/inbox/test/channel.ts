import type { Database } from "@sillage/db";

/** A workspace with one Instagram channel (account 1784, no usable token): enough for rows that name a channel. */
export async function seedInstagramChannel(db: Database, slug: string): Promise<{ workspaceId: string; channelId: string }> {
  const ws = await db.insertInto("workspaces").values({ slug, name: slug, time_zone: "UTC" }).returning("id").executeTakeFirstOrThrow();
  const ch = await db
    .insertInto("channels")
    .values({ workspace_id: ws.id, platform: "instagram", external_id: "1784", display_name: "ig", token_ciphertext: Buffer.from("x"), token_key_id: "k" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { workspaceId: ws.id, channelId: ch.id };
}
