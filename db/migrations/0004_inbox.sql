-- Inbox: every signed webhook delivery stored raw before it is acknowledged, then turned into
-- contacts, conversations and messages by jobs (idempotent on the platform's ids).
CREATE TABLE webhook_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  platform text NOT NULL CHECK (platform IN ('whatsapp', 'instagram')),
  raw_body bytea NOT NULL,
  headers jsonb NOT NULL DEFAULT '{}',
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  error text
);
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (id) WHERE processed_at IS NULL;

-- Events no handler understood: kept for operators, never dropped.
CREATE TABLE unknown_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id bigint REFERENCES webhook_deliveries ON DELETE SET NULL,
  workspace_id uuid REFERENCES workspaces ON DELETE CASCADE,
  platform text NOT NULL,
  kind text NOT NULL,
  raw jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES channels ON DELETE CASCADE,
  platform text NOT NULL,
  -- wa_id / business-scoped user id, or the Instagram IGSID.
  platform_user_id text NOT NULL,
  display_name text,
  username text,
  opted_in_marketing boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel_id, platform_user_id)
);
CREATE INDEX contacts_workspace_idx ON contacts (workspace_id, created_at DESC);
SELECT sillage.enable_workspace_scope('contacts');

CREATE TABLE conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES channels ON DELETE CASCADE,
  contact_id uuid NOT NULL REFERENCES contacts ON DELETE CASCADE,
  platform text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'resolved')),
  assignee_id uuid REFERENCES users ON DELETE SET NULL,
  last_message_at timestamptz NOT NULL DEFAULT now(),
  last_message_preview text,
  last_inbound_at timestamptz,
  last_human_reply_at timestamptz,
  unread_count integer NOT NULL DEFAULT 0,
  last_triage text CHECK (last_triage IN ('IGNORE', 'ESCALATE', 'AUTO_REPLY')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel_id, contact_id)
);
-- The inbox list: newest activity first within a workspace, filtered by status / assignee / triage.
CREATE INDEX conversations_inbox_idx ON conversations (workspace_id, last_message_at DESC, id DESC);
CREATE INDEX conversations_status_idx ON conversations (workspace_id, status, last_message_at DESC, id DESC);
CREATE INDEX conversations_assignee_idx ON conversations (workspace_id, assignee_id, last_message_at DESC, id DESC);
CREATE INDEX conversations_triage_idx ON conversations (workspace_id, last_triage, last_message_at DESC, id DESC);
CREATE TRIGGER conversations_updated_at BEFORE UPDATE ON conversations FOR EACH ROW EXECUTE FUNCTION sillage.touch_updated_at();
SELECT sillage.enable_workspace_scope('conversations');

CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES channels ON DELETE CASCADE,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  author text NOT NULL CHECK (author IN ('customer', 'agent', 'ai', 'system')),
  author_user_id uuid REFERENCES users ON DELETE SET NULL,
  type text NOT NULL CHECK (type IN ('text', 'image', 'audio', 'video', 'file', 'sticker', 'location', 'reaction', 'template', 'unsupported', 'other')),
  text text,
  -- wamid / Instagram mid: redeliveries of the same message are one row.
  platform_message_id text,
  reply_to_platform_id text,
  status text CHECK (status IN ('pending', 'sent', 'delivered', 'read', 'failed')),
  status_rank smallint NOT NULL DEFAULT 0,
  error_code text,
  error_message text,
  media jsonb,
  raw jsonb,
  triage text CHECK (triage IN ('IGNORE', 'ESCALATE', 'AUTO_REPLY')),
  confidence real,
  ai_decision_id uuid,
  platform_timestamp timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX messages_platform_id_idx ON messages (channel_id, platform_message_id) WHERE platform_message_id IS NOT NULL;
CREATE INDEX messages_thread_idx ON messages (conversation_id, platform_timestamp DESC, id DESC);
CREATE INDEX messages_workspace_idx ON messages (workspace_id, created_at DESC);
CREATE TRIGGER messages_updated_at BEFORE UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION sillage.touch_updated_at();
SELECT sillage.enable_workspace_scope('messages');

-- Inbound media fetched from the platform: retried and visible; the message exists whatever happens here.
CREATE TABLE message_media (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  message_id uuid NOT NULL REFERENCES messages ON DELETE CASCADE,
  platform_media_id text,
  source_url text,
  mime_type text,
  size_bytes bigint,
  storage_key text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'stored', 'failed', 'rejected')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX message_media_message_idx ON message_media (message_id);
SELECT sillage.enable_workspace_scope('message_media');

CREATE TABLE message_reactions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  message_id uuid REFERENCES messages ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations ON DELETE CASCADE,
  target_platform_message_id text NOT NULL,
  emoji text,
  reacted_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (conversation_id, target_platform_message_id, reacted_by)
);
SELECT sillage.enable_workspace_scope('message_reactions');
