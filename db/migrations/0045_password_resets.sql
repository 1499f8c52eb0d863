-- Forgotten passwords: a single-use link e-mailed to the account's address. Only the SHA-256 of the link's token is
-- kept; a row is spent once used, superseded by a newer link, or void once the password changed another way
-- (`password_digest`: the hash's digest when the link was issued). Owned by @sillage/accounts; no workspace.
CREATE TABLE password_resets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
  token_hash bytea NOT NULL UNIQUE,
  password_digest bytea NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  superseded_at timestamptz
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id) WHERE used_at IS NULL AND superseded_at IS NULL;

-- Every request of a reset link, whether an account has the address or not: the throttle per address and per client.
CREATE TABLE password_reset_requests (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  ip text NOT NULL,
  -- false when the throttle per address held it back (no e-mail queued); still counts against the client.
  queued boolean NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX password_reset_requests_email_idx ON password_reset_requests (email, created_at DESC);
CREATE INDEX password_reset_requests_ip_idx ON password_reset_requests (ip, created_at DESC);
