-- Comments (issue 14): the media whose comments are followed (Sillage's posts and media published outside it), the
-- polling state and checkpoint of each, per-account polling state (media listing, usage slowdown), comment states.

-- One row per Instagram media followed: created when the account's media list shows it (Sillage's own posts are
-- linked to their publication) or on the fly when a comment webhook names it. Polled until stop_at (published + 7 d).
CREATE TABLE comment_posts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES channels ON DELETE CASCADE,
  platform_media_id text NOT NULL,
  publication_id uuid REFERENCES post_publications ON DELETE SET NULL,
  origin text NOT NULL CHECK (origin IN ('sillage', 'outside')),
  caption text,
  permalink text,
  media_product_type text,
  published_at timestamptz,
  -- Polling: next_check_at null = not polled (stopped, too old, deleted). stop_at = published_at + 7 days.
  stop_at timestamptz NOT NULL,
  next_check_at timestamptz,
  -- The next_check_at a poll job was queued for (the dispatcher queues each instant once).
  dispatched_for timestamptz,
  last_check_at timestamptz,
  last_check_status text CHECK (last_check_status IN ('ok', 'failed', 'paused', 'stopped')),
  last_error text,
  -- The media was deleted on Instagram (Graph answers "does not exist"): its comments stay, marked through this.
  deleted_at timestamptz,
  checks integer NOT NULL DEFAULT 0,
  calls integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel_id, platform_media_id)
);
CREATE INDEX comment_posts_due_idx ON comment_posts (next_check_at) WHERE next_check_at IS NOT NULL;
CREATE INDEX comment_posts_workspace_idx ON comment_posts (workspace_id, published_at DESC);
CREATE INDEX comment_posts_publication_idx ON comment_posts (publication_id) WHERE publication_id IS NOT NULL;
CREATE TRIGGER comment_posts_updated_at BEFORE UPDATE ON comment_posts FOR EACH ROW EXECUTE FUNCTION sillage.touch_updated_at();
SELECT sillage.enable_workspace_scope('comment_posts');

-- The checkpoint of one post (0006's table was keyed by publication and never used: media published outside
-- Sillage have none). newest_* = the newest top-level comment of the last scan that reached what was already
-- known; a scan cut short (failed page, page budget) keeps it and records where it stopped (scan_*), so the next
-- run reads the new top, then resumes the gap from scan_cursor (Graph cursors are short-lived: an old one is dropped).
DROP TABLE comment_checkpoints;
CREATE TABLE comment_checkpoints (
  post_id uuid PRIMARY KEY REFERENCES comment_posts ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  newest_comment_id text,
  newest_comment_at timestamptz,
  scan_newest_at timestamptz,
  scan_cursor text,
  scan_cursor_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT sillage.enable_workspace_scope('comment_checkpoints');

-- Per Instagram account: when its recent media were last listed (once per cycle) and the usage Meta reported,
-- which slows the checks of its posts (shown in the UI).
CREATE TABLE comment_accounts (
  channel_id uuid PRIMARY KEY REFERENCES channels ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  media_listed_at timestamptz,
  -- Publication time of the newest media of the last complete listing: the next listing reads back to it only.
  media_listed_until timestamptz,
  usage_percent real,
  usage_at timestamptz,
  -- 1 = normal interval; > 1 while usage is over the threshold; paused until slowed_until when Meta asks to wait.
  slow_factor real NOT NULL DEFAULT 1,
  slowed_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT sillage.enable_workspace_scope('comment_accounts');

-- Comment states: thread link by platform id (a reply may arrive before its parent), edits, hiding, deletions.
ALTER TABLE comments
  ADD COLUMN post_id uuid REFERENCES comment_posts ON DELETE CASCADE,
  ADD COLUMN parent_platform_id text,
  ADD COLUMN original_text text,
  ADD COLUMN edited_at timestamptz,
  ADD COLUMN hidden_at timestamptz,
  ADD COLUMN deleted_at timestamptz,
  ADD COLUMN deleted_by text CHECK (deleted_by IN ('customer', 'us')),
  ADD COLUMN like_count integer,
  ADD COLUMN source text NOT NULL DEFAULT 'webhook' CHECK (source IN ('webhook', 'poll', 'us'));
CREATE INDEX comments_post_idx ON comments (post_id, platform_timestamp DESC);
CREATE INDEX comments_parent_platform_idx ON comments (channel_id, parent_platform_id) WHERE parent_platform_id IS NOT NULL;
CREATE TRIGGER comments_updated_at BEFORE UPDATE ON comments FOR EACH ROW EXECUTE FUNCTION sillage.touch_updated_at();

-- 0006's polling columns on post_publications were never used: the polling state lives on comment_posts (owned by
-- @sillage/comments, and covering media published outside Sillage).
ALTER TABLE post_publications
  DROP COLUMN comments_next_check_at,
  DROP COLUMN comments_last_check_at,
  DROP COLUMN comments_stop_at;
