-- Publishing, second part.
-- next_attempt_at: when a publication waiting for a retry (our own backoff) or for Instagram's quota comes back;
-- the repair sweep re-adds a missing job at that time. lease_holder: the graphile-worker worker publishing it
-- right now; another worker takes over only when that one stopped heartbeating (worker_heartbeats), so one
-- publication is never driven by two processes at once.
ALTER TABLE post_publications ADD COLUMN next_attempt_at timestamptz;
ALTER TABLE post_publications ADD COLUMN lease_holder text;
-- The repair sweep: pending publications by the time their job should run.
CREATE INDEX post_publications_pending_idx ON post_publications ((coalesce(next_attempt_at, due_at)))
  WHERE status IN ('queued', 'waiting_quota', 'publishing');
-- Series still producing occurrences (the sweep re-materializes a lost next occurrence).
CREATE INDEX scheduled_posts_series_idx ON scheduled_posts (next_occurrence_at) WHERE status = 'active' AND rrule IS NOT NULL;
-- Calendar and list pages filter by channel.
CREATE INDEX post_publications_channel_idx ON post_publications (workspace_id, channel_id, due_at);
