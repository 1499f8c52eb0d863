-- Inbox (issue 5): burst batches handed to triage, delivery bookkeeping, operator-visible unknown events, and the
-- indexes of the inbox list and thread queries.

-- Where a delivery came from and how often its processing was tried (the raw body and signature are already kept).
ALTER TABLE webhook_deliveries
  ADD COLUMN attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN events_count integer;
CREATE INDEX webhook_deliveries_received_idx ON webhook_deliveries (received_at);

-- Unknown or unroutable events: why, and for which account, so an operator can act on them.
ALTER TABLE unknown_events
  ADD COLUMN reason text,
  ADD COLUMN account_id text,
  ADD COLUMN field text;
CREATE INDEX unknown_events_created_idx ON unknown_events (created_at DESC);

-- One row per burst of customer messages handed downstream (triage) as a whole; `batch_key` is what
-- ai_decisions.batch_key refers to (conversation + last message of the burst), so a batch is decided once.
CREATE TABLE message_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations ON DELETE CASCADE,
  batch_key text NOT NULL,
  message_ids uuid[] NOT NULL,
  message_count integer NOT NULL,
  first_message_at timestamptz NOT NULL,
  last_message_at timestamptz NOT NULL,
  -- Set once the downstream hook returned: a batch recorded but not handed off is handed off on the next run.
  handed_off_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, batch_key)
);
CREATE INDEX message_batches_pending_idx ON message_batches (conversation_id, created_at) WHERE handed_off_at IS NULL;
SELECT sillage.enable_workspace_scope('message_batches');

ALTER TABLE messages
  ADD COLUMN batch_id uuid REFERENCES message_batches ON DELETE SET NULL,
  ADD COLUMN deleted_at timestamptz;
-- Customer messages not yet handed off: what the next batch of a conversation takes.
CREATE INDEX messages_unbatched_idx ON messages (conversation_id, platform_timestamp)
  WHERE direction = 'in' AND author = 'customer' AND batch_id IS NULL;
-- Outgoing messages by their outbox row (status webhooks carry it back as callback data).
CREATE INDEX outbound_messages_message_idx ON outbound_messages (message_id);

-- The inbox list at scale: newest activity first within a workspace, per filter (status, assignee and triage
-- already have theirs in 0004). Unread and platform get their own; search is bounded by the workspace index.
CREATE INDEX conversations_unread_idx ON conversations (workspace_id, last_message_at DESC, id DESC) WHERE unread_count > 0;
CREATE INDEX conversations_platform_idx ON conversations (workspace_id, platform, last_message_at DESC, id DESC);
CREATE INDEX message_reactions_target_idx ON message_reactions (conversation_id, target_platform_message_id);
CREATE INDEX message_media_pending_idx ON message_media (status) WHERE status IN ('pending', 'failed');
