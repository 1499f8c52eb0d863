-- Labels and snooze (issue 13). A workspace's labels (name and colour, managed by admins) are put on conversations
-- through `conversation_labels`; deleting a label takes it off every conversation. `snoozed_until` hides an open
-- conversation from the open list until that time: the list compares it with the request's clock (no job to wake
-- it), and a new customer message clears it at once.
CREATE TABLE labels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 40),
  colour text NOT NULL CHECK (colour ~ '^#[0-9a-f]{6}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Names are unique per workspace whatever their case ("VIP" and "vip" would read as one label).
CREATE UNIQUE INDEX labels_workspace_name_idx ON labels (workspace_id, lower(name));

CREATE TABLE conversation_labels (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  label_id uuid NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, label_id)
);
-- The list's label filter: conversations carrying a label.
CREATE INDEX conversation_labels_label_idx ON conversation_labels (label_id, conversation_id);

SELECT sillage.enable_workspace_scope(t) FROM unnest(ARRAY['labels', 'conversation_labels']::regclass[]) AS t;

ALTER TABLE conversations ADD COLUMN snoozed_until timestamptz;
