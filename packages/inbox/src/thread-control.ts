// Who controls an Instagram thread (handover protocol, Messenger platform): the latest inbound item says so, a
// customer's message delivered in standby (`messages.raw.standby`) or a handover notice (`messages.raw.threadOwner`,
// `ingest/appliers/thread-control.ts`). Triage reads the same rule from the same rows (`@sillage/triage`'s burst.ts).
import { sql } from "@sillage/db";
import type { Expression } from "kysely";

/** True when another app (Meta's inbox, a chatbot) controls the conversation's thread. Served by messages_thread_idx. */
export function otherAppThreadSql(conversationId: Expression<string>) {
  return sql<boolean>`coalesce((SELECT coalesce(tm.raw->>'threadOwner', CASE WHEN tm.raw->>'standby' = 'true' THEN 'other_app' ELSE 'this_app' END) = 'other_app'
    FROM messages tm WHERE tm.conversation_id = ${conversationId} AND tm.direction = 'in' AND tm.raw IS NOT NULL
      AND (tm.author = 'customer' OR tm.raw->>'threadOwner' IS NOT NULL)
    ORDER BY tm.platform_timestamp DESC, tm.id DESC LIMIT 1), false)`;
}
