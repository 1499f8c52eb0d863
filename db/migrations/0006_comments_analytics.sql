-- Comments on published posts (polled for 7 days), 2-hour KPI windows, daily topic clusters, archives.
ALTER TABLE post_publications
  ADD COLUMN comments_next_check_at timestamptz,
  ADD COLUMN comments_last_check_at timestamptz,
  ADD COLUMN comments_stop_at timestamptz;
CREATE INDEX post_publications_comment_poll_idx ON post_publications (comments_next_check_at)
  WHERE comments_next_check_at IS NOT NULL;

CREATE TABLE comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  publication_id uuid REFERENCES post_publications ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES channels ON DELETE CASCADE,
  platform_media_id text NOT NULL,
  platform_comment_id text NOT NULL,
  parent_id uuid REFERENCES comments ON DELETE CASCADE,
  author_name text,
  author_id text,
  text text NOT NULL,
  own boolean NOT NULL DEFAULT false,
  hidden boolean NOT NULL DEFAULT false,
  triage text CHECK (triage IN ('IGNORE', 'ESCALATE', 'AUTO_REPLY')),
  confidence real,
  ai_decision_id uuid REFERENCES ai_decisions ON DELETE SET NULL,
  platform_timestamp timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel_id, platform_comment_id)
);
CREATE INDEX comments_media_idx ON comments (workspace_id, platform_media_id, platform_timestamp DESC);
CREATE INDEX comments_triage_idx ON comments (workspace_id, triage, platform_timestamp DESC);
SELECT sillage.enable_workspace_scope('comments');

CREATE TABLE comment_checkpoints (
  publication_id uuid PRIMARY KEY REFERENCES post_publications ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  last_cursor text,
  last_seen_ts timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT sillage.enable_workspace_scope('comment_checkpoints');

-- Fixed 2-hour windows in the workspace's zone ([00–02, …, 22–00] local), recomputed idempotently.
CREATE TABLE kpi_windows (
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  messages_count integer NOT NULL DEFAULT 0,
  comments_count integer NOT NULL DEFAULT 0,
  frt_p50_seconds real,
  auto_reply_rate real,
  escalate_count integer NOT NULL DEFAULT 0,
  ignored_count integer NOT NULL DEFAULT 0,
  posts_active integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, window_start)
);
SELECT sillage.enable_workspace_scope('kpi_windows');

CREATE TABLE topic_clusters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  day date NOT NULL,
  scope text NOT NULL DEFAULT 'global',
  publication_id uuid REFERENCES post_publications ON DELETE CASCADE,
  label text NOT NULL,
  keywords text[] NOT NULL,
  size integer NOT NULL,
  examples jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX topic_clusters_workspace_idx ON topic_clusters (workspace_id, day DESC);
SELECT sillage.enable_workspace_scope('topic_clusters');

CREATE TABLE archive_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  table_name text NOT NULL,
  storage_key text NOT NULL,
  rows_count integer NOT NULL,
  range_start timestamptz NOT NULL,
  range_end timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Credits per plan (the earlier product's billing model).
CREATE TABLE credit_ledger (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  delta integer NOT NULL,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_ledger_workspace_idx ON credit_ledger (workspace_id, created_at DESC);
SELECT sillage.enable_workspace_scope('credit_ledger');
