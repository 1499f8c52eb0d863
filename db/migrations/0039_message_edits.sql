-- Customers edit and unsend their messages (Instagram `message_edit`, `message.is_deleted`; WhatsApp Coexistence
-- `edit` / `revoke`). The message keeps its current text; what it said before stays readable for the support agent:
-- `original_text` is the text as first received, and each edit is a row of message_edits (the text after that edit).
-- An edit can arrive before its message (deliveries are processed concurrently): its row then waits with no
-- message_id, and the message, once ingested, takes the latest waiting edit.
ALTER TABLE messages ADD COLUMN edited_at timestamptz;
ALTER TABLE messages ADD COLUMN edit_count integer NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN original_text text;
-- An unsent message: its text leaves `text` (so no reader shows, triages or embeds it) and is kept here for audit,
-- until the message itself leaves at D+90 with the archive.
ALTER TABLE messages ADD COLUMN unsent_text text;

CREATE TABLE message_edits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES channels ON DELETE CASCADE,
  -- NULL until the edited message arrives (an edit delivered before its message).
  message_id uuid REFERENCES messages ON DELETE CASCADE,
  platform_message_id text NOT NULL,
  -- One edit, whoever delivers it again: Instagram `<mid>#<num_edit>`, WhatsApp the edit event's own wamid.
  edit_key text NOT NULL,
  -- Instagram's num_edit (1, 2 …); NULL on WhatsApp, which gives none (the edit's time orders them).
  edit_number integer,
  -- The message's text after this edit.
  text text,
  edited_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel_id, edit_key)
);
CREATE INDEX message_edits_message ON message_edits (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX message_edits_waiting ON message_edits (channel_id, platform_message_id);
SELECT sillage.enable_workspace_scope('message_edits');
