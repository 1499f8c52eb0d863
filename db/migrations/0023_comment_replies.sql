-- Comment replies and moderation (issue 14, the comments surface). A public reply (`POST /{comment}/replies`) and a
-- private reply (a DM with `recipient.comment_id`) go through the inbox's one outbound path like every message: their
-- outbox row names the comment instead of a conversation, and keeps the platform's id of what went out so the
-- thread can tell its own reply (stored as a comment once a webhook or the poll sees it) from one still on its way.
ALTER TABLE outbound_messages
  ADD COLUMN comment_id uuid REFERENCES comments (id) ON DELETE CASCADE,
  ADD COLUMN platform_id text;
CREATE INDEX outbound_messages_comment_idx ON outbound_messages (comment_id) WHERE comment_id IS NOT NULL;
-- An outbox row answers a conversation or a comment, never neither.
ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_target_check CHECK (conversation_id IS NOT NULL OR comment_id IS NOT NULL);

-- How an automatic reply to a comment goes out when its rule does not say (public under the post, or a private DM),
-- and whether a comment a deny rule catches (spam) is hidden on Instagram at once.
ALTER TABLE workspaces
  ADD COLUMN comment_reply_mode text NOT NULL DEFAULT 'public' CHECK (comment_reply_mode IN ('public', 'private')),
  ADD COLUMN comment_hide_spam boolean NOT NULL DEFAULT false;
GRANT UPDATE (comment_reply_mode, comment_hide_spam) ON workspaces TO sillage_app;

-- An auto rule may say how its answers to comments go out (null: the workspace's setting).
ALTER TABLE ai_rules
  ADD COLUMN comment_reply_mode text CHECK (comment_reply_mode IN ('public', 'private'));
