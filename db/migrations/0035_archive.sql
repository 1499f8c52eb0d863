-- The D+90 archive's manifest (issue 18): one row per object written, per table, workspace, UTC day and part.
-- archive_batches existed since 0006 without use (no rows): reshaped here. Owner: @sillage/archive.
ALTER TABLE archive_batches
  ADD COLUMN workspace_id uuid NOT NULL,
  ADD COLUMN day date NOT NULL,
  ADD COLUMN part integer NOT NULL DEFAULT 0,
  ADD COLUMN storage text NOT NULL CHECK (storage IN ('local', 's3')),
  ADD COLUMN storage_class text,
  ADD COLUMN bytes_in bigint NOT NULL DEFAULT 0,
  ADD COLUMN bytes_out bigint NOT NULL DEFAULT 0,
  ADD COLUMN sha256 text,
  ADD COLUMN status text NOT NULL DEFAULT 'writing' CHECK (status IN ('writing', 'verified', 'deleted', 'failed')),
  ADD COLUMN error text,
  ADD COLUMN verified_at timestamptz,
  ADD COLUMN deleted_at timestamptz,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ALTER COLUMN rows_count SET DEFAULT 0;

-- Deterministic keys: a rerun after a crash rewrites the same object instead of adding another.
CREATE UNIQUE INDEX archive_batches_part_key ON archive_batches (table_name, workspace_id, day, part);
CREATE UNIQUE INDEX archive_batches_storage_key ON archive_batches (storage_key);
CREATE INDEX archive_batches_pending_idx ON archive_batches (status) WHERE status <> 'deleted';
CREATE INDEX archive_batches_restore_idx ON archive_batches (workspace_id, day);

-- Deleting archived messages checks these foreign keys row by row: without an index each check scans the table.
CREATE INDEX IF NOT EXISTS message_reactions_message_idx ON message_reactions (message_id);
CREATE INDEX IF NOT EXISTS cluster_items_message_idx ON cluster_items (message_id);
CREATE INDEX IF NOT EXISTS cluster_items_comment_idx ON cluster_items (comment_id);

-- Operators and the worker read it across workspaces (as the owner); a workspace-scoped handle sees its own rows only.
SELECT sillage.enable_workspace_scope('archive_batches');
