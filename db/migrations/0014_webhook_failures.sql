-- Webhook work that failed (issue 10). One row per event of a delivery that failed on its own (its siblings were
-- applied: each event runs in a savepoint), or per delivery whose processing as a whole failed. A failing event is
-- retried by its own job; either kind, after N attempts, is parked: a dead letter with its error, listed by
-- `pnpm cli dead-letters` (and `inbox.deadLetters` for a workspace's admins) and replayed on demand. Never retried
-- forever, never dropped.
CREATE TABLE webhook_failures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Set to null when the processed delivery's raw body is pruned: an event row carries what it needs to be replayed.
  delivery_id bigint REFERENCES webhook_deliveries ON DELETE SET NULL,
  -- The event's position in its delivery; null for the delivery as a whole.
  event_index integer,
  -- Null until the event is routed to a channel (and always for a whole delivery): such rows are operator-only.
  workspace_id uuid REFERENCES workspaces ON DELETE CASCADE,
  platform text NOT NULL,
  -- The event type (message, message_status, comment…), or 'delivery'.
  kind text NOT NULL,
  -- The normalized event, text already cleaned; a whole delivery is replayed from its raw body instead.
  event jsonb,
  error text NOT NULL,
  attempts integer NOT NULL DEFAULT 1,
  status text NOT NULL DEFAULT 'retrying' CHECK (status IN ('retrying', 'parked', 'resolved')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  parked_at timestamptz,
  resolved_at timestamptz,
  CHECK ((event_index IS NULL) = (event IS NULL))
);
-- One row per event and one per delivery; also the index the delivery foreign key needs when deliveries are pruned.
CREATE UNIQUE INDEX webhook_failures_delivery_idx ON webhook_failures (delivery_id, coalesce(event_index, -1));
-- Dead letters (newest first) and the sweep's look at rows still retrying.
CREATE INDEX webhook_failures_status_idx ON webhook_failures (status, id) WHERE status <> 'resolved';
CREATE TRIGGER webhook_failures_updated_at BEFORE UPDATE ON webhook_failures FOR EACH ROW EXECUTE FUNCTION sillage.touch_updated_at();
SELECT sillage.enable_workspace_scope('webhook_failures');
