-- Saved replies (issue 13): canned answers of a workspace, written by admins and inserted by any member from the reply
-- box (`/` + shortcut). The body keeps its variables ({{first_name}}, {{prenom}}…) unfilled: they are filled for each
-- conversation when inserted. A shortcut is unique per workspace without regard to case, so `/Livraison` and
-- `/livraison` cannot name two replies.
CREATE TABLE saved_replies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  shortcut text NOT NULL CHECK (shortcut ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4096),
  created_by uuid REFERENCES users ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, shortcut)
);
SELECT sillage.enable_workspace_scope('saved_replies');
