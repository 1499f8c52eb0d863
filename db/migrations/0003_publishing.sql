-- Scheduled publishing. A scheduled_post is one post or one series (RRULE in its own zone); each occurrence
-- on each channel is a post_publication with its own job, status and resumable progress; each attempt a post_run.
CREATE TABLE media_assets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  storage_key text NOT NULL UNIQUE,
  mime_type text NOT NULL,
  size_bytes bigint NOT NULL,
  width integer,
  height integer,
  duration_s real,
  sha256 text NOT NULL,
  original_name text,
  created_by uuid REFERENCES users ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX media_assets_workspace_idx ON media_assets (workspace_id, created_at DESC);
SELECT sillage.enable_workspace_scope('media_assets');

CREATE TABLE scheduled_posts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  content jsonb NOT NULL,
  -- One-off: publish_at. Series: rrule (RFC 5545, no DTSTART line) + dtstart_local + time_zone.
  publish_at timestamptz,
  rrule text,
  dtstart_local timestamp,
  time_zone text NOT NULL,
  exdates timestamp[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'cancelled')),
  -- Series: the next occurrence not yet materialized (null when the rule is exhausted).
  next_occurrence_at timestamptz,
  created_by uuid REFERENCES users ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((publish_at IS NOT NULL) <> (rrule IS NOT NULL))
);
CREATE INDEX scheduled_posts_workspace_idx ON scheduled_posts (workspace_id, created_at DESC);
CREATE TRIGGER scheduled_posts_updated_at BEFORE UPDATE ON scheduled_posts FOR EACH ROW EXECUTE FUNCTION sillage.touch_updated_at();
SELECT sillage.enable_workspace_scope('scheduled_posts');

CREATE TABLE post_channels (
  post_id uuid NOT NULL REFERENCES scheduled_posts ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES channels ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  PRIMARY KEY (post_id, channel_id)
);
SELECT sillage.enable_workspace_scope('post_channels');

CREATE TABLE post_publications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  post_id uuid NOT NULL REFERENCES scheduled_posts ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES channels ON DELETE CASCADE,
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'waiting_quota', 'publishing', 'published', 'failed', 'cancelled')),
  status_reason text,
  attempts integer NOT NULL DEFAULT 0,
  -- Resumable publishing progress saved between steps (e.g. the Instagram container id).
  progress jsonb NOT NULL DEFAULT '{}',
  platform_post_id text,
  permalink text,
  error_class text,
  error_message text,
  queued_at timestamptz NOT NULL DEFAULT now(),
  publishing_at timestamptz,
  published_at timestamptz,
  failed_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Never twice: one publication per occurrence and channel.
  UNIQUE (post_id, channel_id, due_at)
);
CREATE INDEX post_publications_due_idx ON post_publications (due_at) WHERE status IN ('queued', 'waiting_quota');
CREATE INDEX post_publications_calendar_idx ON post_publications (workspace_id, due_at);
CREATE INDEX post_publications_status_idx ON post_publications (workspace_id, status, due_at);
CREATE TRIGGER post_publications_updated_at BEFORE UPDATE ON post_publications FOR EACH ROW EXECUTE FUNCTION sillage.touch_updated_at();
SELECT sillage.enable_workspace_scope('post_publications');

CREATE TABLE post_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  publication_id uuid NOT NULL REFERENCES post_publications ON DELETE CASCADE,
  attempt integer NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'success', 'failed', 'retrying')),
  step text,
  error_class text,
  error_message text,
  platform_ids jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX post_runs_publication_idx ON post_runs (publication_id, attempt);
SELECT sillage.enable_workspace_scope('post_runs');
