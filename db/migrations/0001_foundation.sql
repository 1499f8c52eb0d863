-- Foundation: accounts, workspaces (tenants), sessions, API tokens, the workspace event log,
-- and the row-level security that scopes every tenant-owned table to one workspace.

CREATE SCHEMA IF NOT EXISTS sillage;

-- Requests run their workspace queries as this role: row-level security applies to it (it owns nothing),
-- while migrations, auth and jobs use the connecting role, which owns the tables and bypasses the policies.
DO $$ BEGIN
  CREATE ROLE sillage_app NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
DO $$ BEGIN
  EXECUTE format('GRANT sillage_app TO %I', current_user);
EXCEPTION WHEN others THEN NULL; -- already a member, or a superuser that may SET ROLE anyway
END $$;
GRANT USAGE ON SCHEMA sillage TO sillage_app;

-- The workspace of the current transaction, set by withWorkspace() in packages/db.
CREATE FUNCTION sillage.current_workspace() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('sillage.workspace_id', true), '')::uuid $$;
GRANT EXECUTE ON FUNCTION sillage.current_workspace() TO sillage_app;

CREATE FUNCTION sillage.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at = now(); RETURN NEW; END $$;

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  name text NOT NULL,
  password_hash text NOT NULL,
  locale text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION sillage.touch_updated_at();
-- Members lists join users: the scoped role may read identities, never password hashes.
GRANT SELECT (id, email, name, locale, created_at) ON users TO sillage_app;

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash bytea NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  user_agent text,
  ip text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

-- Failed and successful logins, for rate limiting across every web process.
CREATE TABLE auth_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  ip text NOT NULL,
  succeeded boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX auth_attempts_email_idx ON auth_attempts (email, created_at DESC);
CREATE INDEX auth_attempts_ip_idx ON auth_attempts (ip, created_at DESC);

CREATE TABLE workspaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  time_zone text NOT NULL DEFAULT 'Europe/Paris',
  locale text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
  plan text NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro', 'business')),
  -- Inbox: consecutive customer messages closer than this are one burst, triaged once.
  burst_window_seconds integer NOT NULL DEFAULT 8 CHECK (burst_window_seconds BETWEEN 1 AND 300),
  -- Triage: a conversation a person answered within this many hours is not answered automatically.
  human_takeover_hours integer NOT NULL DEFAULT 12 CHECK (human_takeover_hours BETWEEN 0 AND 720),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER workspaces_updated_at BEFORE UPDATE ON workspaces FOR EACH ROW EXECUTE FUNCTION sillage.touch_updated_at();

CREATE TABLE memberships (
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'agent')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  token_hash bytea NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('admin', 'agent')),
  email text,
  created_by uuid REFERENCES users ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_by uuid REFERENCES users ON DELETE SET NULL,
  revoked_at timestamptz
);
CREATE INDEX invitations_workspace_idx ON invitations (workspace_id, created_at DESC);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  name text NOT NULL,
  token_hash bytea NOT NULL UNIQUE,
  -- The first characters, shown in lists so a person can tell tokens apart; never enough to use.
  prefix text NOT NULL,
  role text NOT NULL DEFAULT 'admin' CHECK (role IN ('admin', 'agent')),
  created_by uuid REFERENCES users ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_workspace_idx ON api_tokens (workspace_id, created_at DESC);

-- Every live event of a workspace (post status, new message…): appended in the transaction that causes it,
-- announced by NOTIFY on commit, replayed from here when a subscriber reconnects with its last event id.
CREATE TABLE workspace_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  type text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workspace_events_workspace_idx ON workspace_events (workspace_id, id);

CREATE FUNCTION sillage.notify_workspace_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sillage_events', json_build_object('id', NEW.id, 'w', NEW.workspace_id)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER workspace_events_notify AFTER INSERT ON workspace_events
  FOR EACH ROW EXECUTE FUNCTION sillage.notify_workspace_event();

-- Jobs are added in the caller's transaction. The scoped role may not touch graphile_worker's tables,
-- so it goes through these definer functions (graphile_worker's own schema is migrated before this file).
CREATE FUNCTION sillage.add_job(
  identifier text, payload json, run_at timestamptz, job_key text, job_key_mode text,
  max_attempts integer, priority integer, queue_name text
) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE j graphile_worker._private_jobs;
BEGIN
  j := graphile_worker.add_job(identifier, payload, queue_name, run_at, coalesce(max_attempts, 25), job_key,
    coalesce(priority, 0), null, coalesce(job_key_mode, 'replace'));
  RETURN j.id;
END $$;
CREATE FUNCTION sillage.remove_job(job_key text) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN PERFORM graphile_worker.remove_job(job_key); END $$;
REVOKE ALL ON FUNCTION sillage.add_job(text, json, timestamptz, text, text, integer, integer, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION sillage.remove_job(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sillage.add_job(text, json, timestamptz, text, text, integer, integer, text) TO sillage_app;
GRANT EXECUTE ON FUNCTION sillage.remove_job(text) TO sillage_app;

-- Row-level security: one policy per tenant-owned table, all through sillage.current_workspace().
ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_scope ON workspaces USING (id = sillage.current_workspace());
GRANT SELECT, UPDATE (name, time_zone, locale, burst_window_seconds, human_takeover_hours) ON workspaces TO sillage_app;

-- Later migrations call this for each tenant-owned table they create.
CREATE FUNCTION sillage.enable_workspace_scope(t regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
  EXECUTE format('CREATE POLICY workspace_scope ON %s USING (workspace_id = sillage.current_workspace()) '
                 'WITH CHECK (workspace_id = sillage.current_workspace())', t);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO sillage_app', t);
END $$;

SELECT sillage.enable_workspace_scope(t)
FROM unnest(ARRAY['memberships', 'invitations', 'api_tokens', 'workspace_events']::regclass[]) AS t;
