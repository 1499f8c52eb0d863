-- Stopping a publication already going out (a WhatsApp broadcast halfway through its recipients, an Instagram
-- container still processing): cancel asks, and the worker stops at the next step boundary, where nothing is half
-- sent. The run that was stopped says so.
ALTER TABLE post_publications ADD COLUMN stop_requested_at timestamptz;
ALTER TABLE post_runs DROP CONSTRAINT post_runs_status_check;
ALTER TABLE post_runs ADD CONSTRAINT post_runs_status_check CHECK (status IN ('running', 'success', 'failed', 'retrying', 'stopped'));
