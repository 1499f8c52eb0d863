-- Issue 20, part two (@sillage/notifications): e-mail digests, and escalation thresholds per channel.

-- A member's e-mail rhythm: `immediate` (one e-mail per notification, as before), or a digest `hourly` (at each
-- local hour) or `daily` (at `digest_hour`, local). Quiet hours still hold a digest until they end.
ALTER TABLE notification_members
  ADD COLUMN email_mode text NOT NULL DEFAULT 'immediate' CHECK (email_mode IN ('immediate', 'hourly', 'daily')),
  ADD COLUMN digest_hour smallint NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23);

-- One digest per member and slot (the local hour it belongs to): a retried or concurrent run finds the row and sends
-- nothing. Claimed in the transaction that sends, like `notification_emails`.
CREATE TABLE notification_digests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  slot timestamptz NOT NULL,
  items integer NOT NULL,
  sent_at timestamptz NOT NULL,
  UNIQUE (workspace_id, user_id, slot)
);
SELECT sillage.enable_workspace_scope('notification_digests');

-- What a digest member would have been e-mailed, collected until their digest: one row per notification occurrence.
-- `digest_id` records which digest covered it; `skipped` marks one left out because it was resolved or read first.
CREATE TABLE notification_digest_items (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  occurrence integer NOT NULL,
  collected_at timestamptz NOT NULL,
  digest_id uuid REFERENCES notification_digests (id) ON DELETE SET NULL,
  skipped text CHECK (skipped IN ('resolved', 'read')),
  PRIMARY KEY (notification_id, user_id, occurrence)
);
CREATE INDEX notification_digest_items_pending_idx ON notification_digest_items (user_id, workspace_id) WHERE digest_id IS NULL AND skipped IS NULL;
SELECT sillage.enable_workspace_scope('notification_digest_items');

-- An escalation threshold for one channel, overriding the workspace's `notification_settings.escalation_minutes`.
CREATE TABLE notification_channel_settings (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  channel_id uuid PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
  escalation_minutes integer NOT NULL CHECK (escalation_minutes BETWEEN 1 AND 1440)
);
SELECT sillage.enable_workspace_scope('notification_channel_settings');
