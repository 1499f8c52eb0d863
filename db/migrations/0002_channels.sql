-- Connected WhatsApp numbers and Instagram accounts. Tokens are AES-256-GCM ciphertext (packages/domain/src/crypto.ts),
-- never returned by an API; token_key_id names the key so APP_SECRET can rotate.
CREATE TABLE channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  platform text NOT NULL CHECK (platform IN ('whatsapp', 'instagram')),
  -- Instagram: 'instagram' (Instagram Login, graph.instagram.com) or 'facebook' (Page token, graph.facebook.com).
  variant text CHECK (variant IN ('instagram', 'facebook')),
  -- WhatsApp phone number id, or the IG professional account id (1784…) seen in webhooks.
  external_id text NOT NULL,
  waba_id text,
  app_scoped_id text,
  display_name text NOT NULL,
  username text,
  token_ciphertext bytea NOT NULL,
  token_key_id text NOT NULL,
  token_issued_at timestamptz NOT NULL DEFAULT now(),
  token_expires_at timestamptz,
  human_agent boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs_reconnect', 'disconnected')),
  last_error text,
  last_error_at timestamptz,
  -- Per-channel AI control: automatic replies leave only while this and the workspace switch are on.
  ai_enabled boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  disconnected_at timestamptz
);
-- Webhooks route by external id: one live connection per platform account.
CREATE UNIQUE INDEX channels_external_live_idx ON channels (platform, external_id) WHERE status <> 'disconnected';
CREATE INDEX channels_workspace_idx ON channels (workspace_id, created_at);
CREATE INDEX channels_token_expiry_idx ON channels (token_expires_at) WHERE status = 'active';
CREATE TRIGGER channels_updated_at BEFORE UPDATE ON channels FOR EACH ROW EXECUTE FUNCTION sillage.touch_updated_at();
SELECT sillage.enable_workspace_scope('channels');

-- OAuth `state` values: single use, short-lived, bound to the user and workspace that started the flow.
CREATE TABLE oauth_states (
  state_hash bytea PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  platform text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
SELECT sillage.enable_workspace_scope('oauth_states');

-- AI control, workspace-wide (per channel lives on channels.ai_enabled).
ALTER TABLE workspaces ADD COLUMN ai_enabled boolean NOT NULL DEFAULT false;
GRANT UPDATE (ai_enabled) ON workspaces TO sillage_app;
