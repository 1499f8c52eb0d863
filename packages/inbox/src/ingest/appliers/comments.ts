import type { WebhookEvent } from "@sillage/connectors";
import { raiseWorkspaceEvent } from "@sillage/db";
import type { RoutedChannel, Trx } from "../routing";

export async function applyComment(trx: Trx, ch: RoutedChannel, e: Extract<WebhookEvent, { type: "comment" }>): Promise<void> {
  const parent = e.parentId
    ? await trx.selectFrom("comments").select("id").where("channel_id", "=", ch.id).where("platform_comment_id", "=", e.parentId).executeTakeFirst()
    : undefined;
  const row = await trx
    .insertInto("comments")
    .values({
      workspace_id: ch.workspaceId,
      channel_id: ch.id,
      platform_media_id: e.mediaId ?? "",
      platform_comment_id: e.commentId,
      parent_id: parent?.id ?? null,
      author_name: e.from.username ?? null,
      author_id: e.from.id || null,
      text: e.text,
      own: e.isOwn,
      platform_timestamp: new Date(e.timestamp),
    })
    .onConflict((oc) => oc.columns(["channel_id", "platform_comment_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (row) await raiseWorkspaceEvent(trx, ch.workspaceId, "comment.received", { commentId: row.id, own: e.isOwn });
}
