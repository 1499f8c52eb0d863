-- Internal notes on a conversation (issue 13): written by a member for the team, never sent to the customer. They
-- live in their own table rather than as `messages` with a 'note' direction: every path that reads `messages`
-- (the send path, triage's bursts, previews, unread counts, the "needs a person" lookups) would otherwise have to
-- exclude them, and one forgotten filter would send or triage a note. `mentioned_user_ids` holds the members the note
-- @mentions, checked against the workspace's members when it is written; the GIN index serves "where am I mentioned".
CREATE TABLE conversation_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations ON DELETE CASCADE,
  author_user_id uuid REFERENCES users ON DELETE SET NULL,
  text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 4096),
  mentioned_user_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_notes_conversation_idx ON conversation_notes (conversation_id, created_at);
CREATE INDEX conversation_notes_mentions_idx ON conversation_notes USING gin (mentioned_user_ids);
SELECT sillage.enable_workspace_scope('conversation_notes');
