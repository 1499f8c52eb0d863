// A comment webhook, handed on by the inbox (which stored the delivery first): its post found or followed on the
// fly, then the comment stored through the one storage path polling uses too.
import { loadChannel } from "@sillage/channels";
import type { CommentEventPayload } from "@sillage/inbox";
import type { CommentsDeps } from "./deps";
import { postForWebhook, postRef } from "./posts";
import { storeComments, type StoreResult } from "./store";

export async function storeWebhookComment(deps: CommentsDeps, payload: CommentEventPayload): Promise<StoreResult | null> {
  const now = deps.clock.now();
  const loaded = await loadChannel(deps.db, deps.secretBox, payload.channelId);
  // The channel was removed since the delivery came in: its comments went with it.
  if (!loaded || loaded.row.workspace_id !== payload.workspaceId) return null;
  const channel = { id: loaded.row.id, workspaceId: loaded.row.workspace_id, connector: loaded.channel };
  const c = payload.comment;
  const post = await postForWebhook(deps, channel, c.mediaId, c.mediaProductType, now);
  return (
    storeComments(
      deps.db,
      postRef(post),
      [
        {
          id: c.id,
          parentId: c.parentId,
          text: c.text,
          from: c.from,
          own: c.own || isAccount(loaded.row, c.from.id),
          timestamp: new Date(c.timestamp),
        },
      ],
      "webhook",
      now,
    )
  );
}

/** The account's own comments carry its id (or its app-scoped id) when `self_ig_scoped_id` is missing. */
export function isAccount(row: { external_id: string; app_scoped_id: string | null; username: string | null }, fromId: string | null, username?: string | null): boolean {
  if (fromId && (fromId === row.external_id || fromId === row.app_scoped_id)) return true;
  return !!username && !!row.username && username.toLowerCase() === row.username.toLowerCase();
}
