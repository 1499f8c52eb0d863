-- Notifications (@sillage/notifications): one open notification per object and state, read marks per member, and
-- each member's choices per kind and medium. A state seen again (a series failing every day, a retried job) updates
-- the open row instead of adding one: the partial unique index is what makes the scan idempotent.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('publication_failed', 'quota_waiting', 'channel_reconnect', 'token_expiring', 'escalation_waiting')),
  object_type text NOT NULL CHECK (object_type IN ('post', 'publication', 'channel', 'conversation', 'comment')),
  object_id uuid NOT NULL,
  -- The object behind the link (the post of a publication) and who an escalation is for (NULL: unassigned).
  link_id uuid,
  assignee_id uuid,
  params jsonb NOT NULL DEFAULT '{}',
  occurrences integer NOT NULL DEFAULT 1,
  opened_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE UNIQUE INDEX notifications_open_key ON notifications (workspace_id, kind, object_id) WHERE resolved_at IS NULL;
CREATE INDEX notifications_list_idx ON notifications (workspace_id, last_seen_at DESC, id);
SELECT sillage.enable_workspace_scope('notifications');

-- A member read a notification at that instant; an update after it (seen again) makes it unread again.
CREATE TABLE notification_reads (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  read_at timestamptz NOT NULL,
  PRIMARY KEY (notification_id, user_id)
);
SELECT sillage.enable_workspace_scope('notification_reads');

-- A member's choice for one kind; no row means the role's default (packages/notifications/src/preferences.ts).
CREATE TABLE notification_preferences (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL,
  in_app boolean NOT NULL,
  email boolean NOT NULL,
  PRIMARY KEY (workspace_id, user_id, kind)
);
SELECT sillage.enable_workspace_scope('notification_preferences');

-- Per workspace: minutes an escalated conversation or comment may wait unanswered before it notifies.
CREATE TABLE notification_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  escalation_minutes integer NOT NULL DEFAULT 15 CHECK (escalation_minutes BETWEEN 1 AND 1440)
);
SELECT sillage.enable_workspace_scope('notification_settings');

-- A member's e-mail settings: quiet hours in their zone (no e-mail from `quiet_from` to `quiet_to`, local hours;
-- equal hours mean none). No row: 22 h → 7 h in the workspace's zone.
CREATE TABLE notification_members (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  time_zone text,
  quiet_from smallint NOT NULL DEFAULT 22 CHECK (quiet_from BETWEEN 0 AND 23),
  quiet_to smallint NOT NULL DEFAULT 7 CHECK (quiet_to BETWEEN 0 AND 23),
  PRIMARY KEY (workspace_id, user_id)
);
SELECT sillage.enable_workspace_scope('notification_members');

-- One e-mail per member and occurrence of a notification (a retried job finds its row and does not send twice);
-- recent rows also count against the per-member hourly limit.
CREATE TABLE notification_emails (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  occurrence integer NOT NULL,
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (notification_id, user_id, occurrence)
);
CREATE INDEX notification_emails_user_idx ON notification_emails (user_id, sent_at);
SELECT sillage.enable_workspace_scope('notification_emails');

-- Outgoing webhooks of a workspace: each opened or updated notification is POSTed as JSON signed with HMAC-SHA256
-- under the webhook's secret (sealed like channel tokens: AES-256-GCM under APP_SECRET's key).
CREATE TABLE notification_webhooks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  url text NOT NULL,
  secret_ciphertext bytea NOT NULL,
  secret_key_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_webhooks_workspace_idx ON notification_webhooks (workspace_id);
SELECT sillage.enable_workspace_scope('notification_webhooks');

-- The delivery log: one row per webhook and occurrence of a notification (a retried scan finds it), its attempts.
CREATE TABLE notification_webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  webhook_id uuid NOT NULL REFERENCES notification_webhooks (id) ON DELETE CASCADE,
  notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  occurrence integer NOT NULL,
  body jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  UNIQUE (webhook_id, notification_id, occurrence)
);
CREATE INDEX notification_webhook_deliveries_log_idx ON notification_webhook_deliveries (workspace_id, created_at DESC);
SELECT sillage.enable_workspace_scope('notification_webhook_deliveries');
