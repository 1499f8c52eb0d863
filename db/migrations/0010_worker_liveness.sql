-- Workers announce themselves here every few seconds. A job locked by a worker that stopped announcing (its process
-- was killed) is unlocked after 30 s instead of graphile-worker's 4 hours, so a crash delays work, never loses it.
CREATE TABLE worker_heartbeats (
  worker_id text PRIMARY KEY,
  process text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  seen_at timestamptz NOT NULL DEFAULT now()
);
