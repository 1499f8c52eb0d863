-- KPIs in fixed 2-hour windows of the workspace's zone (issue 15), owned by @sillage/kpis.
-- 0006's kpi_windows (never written) had no channel and fewer metrics: replaced.
DROP TABLE kpi_windows;

CREATE TABLE kpi_windows (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  -- NULL: the workspace total (every channel). NULLS NOT DISTINCT makes the total one row per window too, so the
  -- aggregate's upsert (ON CONFLICT on these three columns) never duplicates it.
  channel_id uuid REFERENCES channels ON DELETE CASCADE,
  -- [window_start, window_end): local [00–02 … 22–00] in time_zone; 1 h or 3 h on DST days.
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  time_zone text NOT NULL,
  messages_count integer NOT NULL DEFAULT 0,
  comments_count integer NOT NULL DEFAULT 0,
  turns_count integer NOT NULL DEFAULT 0,
  frt_p50_seconds real,
  frt_human_p50_seconds real,
  -- Every turn's first response time in the window (seconds, sorted): a 48 h median is the median of these, not a
  -- median of medians. A window holds a few hundred turns at most.
  frt_samples real[] NOT NULL DEFAULT '{}',
  frt_human_samples real[] NOT NULL DEFAULT '{}',
  unanswered_turns integer NOT NULL DEFAULT 0,
  decisions_count integer NOT NULL DEFAULT 0,
  auto_replies_sent integer NOT NULL DEFAULT 0,
  auto_reply_rate real,
  escalate_count integer NOT NULL DEFAULT 0,
  ignored_count integer NOT NULL DEFAULT 0,
  posts_published integer NOT NULL DEFAULT 0,
  posts_active integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT kpi_windows_unique UNIQUE NULLS NOT DISTINCT (workspace_id, channel_id, window_start),
  CHECK (window_end > window_start)
);
CREATE INDEX kpi_windows_range_idx ON kpi_windows (workspace_id, window_start);
SELECT sillage.enable_workspace_scope('kpi_windows');

-- The aggregate's watermark: source rows changed since it (less a margin for transactions still open) mark the
-- windows they fall in for recomputation. One row per scope ('incremental').
CREATE TABLE kpi_watermarks (
  scope text PRIMARY KEY,
  changed_since timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Where the local wall clock of `ts` says its window starts: the earliest instant whose local time reaches the even
-- hour. PostgreSQL reads an ambiguous local time (autumn) as standard time, i.e. the later instant; the candidates one
-- hour and half an hour earlier (30-minute DST shifts: Australia/Lord_Howe) catch the earlier one.
CREATE FUNCTION sillage.kpi_boundary(local_start timestamp, zone text) RETURNS timestamptz
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN ((local_start AT TIME ZONE zone) - interval '1 hour') AT TIME ZONE zone >= local_start THEN (local_start AT TIME ZONE zone) - interval '1 hour'
    WHEN ((local_start AT TIME ZONE zone) - interval '30 minutes') AT TIME ZONE zone >= local_start THEN (local_start AT TIME ZONE zone) - interval '30 minutes'
    ELSE local_start AT TIME ZONE zone
  END
$$;

-- The local start (wall clock) of the 2-hour window holding `ts` in `zone`.
CREATE FUNCTION sillage.kpi_local_start(ts timestamptz, zone text) RETURNS timestamp
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT date_trunc('day', ts AT TIME ZONE zone) + (floor(extract(hour FROM ts AT TIME ZONE zone) / 2) * 2) * interval '1 hour'
$$;

CREATE FUNCTION sillage.kpi_window_start(ts timestamptz, zone text) RETURNS timestamptz
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT sillage.kpi_boundary(sillage.kpi_local_start(ts, zone), zone)
$$;

CREATE FUNCTION sillage.kpi_window_end(ts timestamptz, zone text) RETURNS timestamptz
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT sillage.kpi_boundary(sillage.kpi_local_start(ts, zone) + interval '2 hours', zone)
$$;

-- Late and changed rows are found by their updated_at: decisions change outcome (pending → sent) and comments change
-- triage after insert, so both get an updated_at that moves (the column exists on comments; ai_decisions gains it).
ALTER TABLE ai_decisions ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE TRIGGER ai_decisions_kpi_touch BEFORE UPDATE ON ai_decisions FOR EACH ROW EXECUTE FUNCTION sillage.touch_updated_at();
CREATE TRIGGER comments_kpi_touch BEFORE UPDATE ON comments FOR EACH ROW EXECUTE FUNCTION sillage.touch_updated_at();
CREATE INDEX messages_kpi_changed_idx ON messages (updated_at);
CREATE INDEX messages_kpi_time_idx ON messages (workspace_id, platform_timestamp) WHERE direction = 'in' AND author = 'customer';
CREATE INDEX ai_decisions_kpi_changed_idx ON ai_decisions (updated_at);
CREATE INDEX comments_kpi_changed_idx ON comments (updated_at);
CREATE INDEX comments_kpi_time_idx ON comments (workspace_id, platform_timestamp) WHERE NOT own;
CREATE INDEX post_publications_kpi_changed_idx ON post_publications (updated_at);
CREATE INDEX post_publications_kpi_published_idx ON post_publications (workspace_id, published_at) WHERE status = 'published';
