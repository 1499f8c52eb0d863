-- Truthful publication outcomes (issue 9).
-- Attempts: every run is an attempt, numbered per publication and never reset (posts.retry goes on from the last
-- number). The retry policy counts `failures` instead: attempts that failed since the publication was last queued by a
-- person; a quota wait is an attempt (its run says `waiting_quota`) but not a failure.
ALTER TABLE post_publications ADD COLUMN failures integer NOT NULL DEFAULT 0;
ALTER TABLE post_runs DROP CONSTRAINT post_runs_status_check;
ALTER TABLE post_runs ADD CONSTRAINT post_runs_status_check
  CHECK (status IN ('running', 'success', 'failed', 'retrying', 'stopped', 'waiting_quota'));

-- An Instagram post seen PUBLISHED whose media id is not known yet (the `media_publish` answer was lost and the
-- account's media list did not show it): published, and its media id and permalink are looked up again at
-- `media_lookup_at` (`posts.lookup_media` jobs, re-added by the repair sweep) until found or given up.
ALTER TABLE post_publications ADD COLUMN media_lookup_at timestamptz;
ALTER TABLE post_publications ADD COLUMN media_lookups integer NOT NULL DEFAULT 0;
CREATE INDEX post_publications_media_lookup_idx ON post_publications (media_lookup_at) WHERE media_lookup_at IS NOT NULL;
