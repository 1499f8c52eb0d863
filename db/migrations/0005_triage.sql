-- Triage: ordered per-workspace rules, the knowledge base answers come from, and every decision taken.
CREATE TABLE ai_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('deny', 'escalate', 'auto')),
  name text NOT NULL,
  keywords text[] NOT NULL DEFAULT '{}',
  patterns text[] NOT NULL DEFAULT '{}',
  examples text[] NOT NULL DEFAULT '{}',
  similarity_threshold real NOT NULL DEFAULT 0.70 CHECK (similarity_threshold BETWEEN 0 AND 1),
  confidence_min real NOT NULL DEFAULT 0.70 CHECK (confidence_min BETWEEN 0 AND 1),
  enabled boolean NOT NULL DEFAULT true,
  priority integer NOT NULL DEFAULT 100,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ai_rules_workspace_idx ON ai_rules (workspace_id, priority, created_at);
CREATE TRIGGER ai_rules_updated_at BEFORE UPDATE ON ai_rules FOR EACH ROW EXECUTE FUNCTION sillage.touch_updated_at();
SELECT sillage.enable_workspace_scope('ai_rules');

-- Built-in safety escalations (complaints, refunds, legal threats, urgency, asking for a person) are on unless a
-- workspace turns one off explicitly; rules_version changes with every rules edit and is kept in each decision.
ALTER TABLE workspaces
  ADD COLUMN safety_disabled text[] NOT NULL DEFAULT '{}',
  ADD COLUMN rules_version integer NOT NULL DEFAULT 1;
GRANT UPDATE (safety_disabled, rules_version) ON workspaces TO sillage_app;

CREATE TABLE knowledge_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  title text NOT NULL,
  source_kind text NOT NULL CHECK (source_kind IN ('text', 'markdown', 'txt', 'md', 'pdf')),
  content text NOT NULL,
  created_by uuid REFERENCES users ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_documents_workspace_idx ON knowledge_documents (workspace_id, created_at DESC);
SELECT sillage.enable_workspace_scope('knowledge_documents');

CREATE TABLE knowledge_chunks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  document_id uuid NOT NULL REFERENCES knowledge_documents ON DELETE CASCADE,
  ordinal integer NOT NULL,
  text text NOT NULL,
  -- No pgvector here: embeddings are real[], ranked in Node; embedder names provider/model/dimension
  -- so a change of model re-embeds.
  embedding real[] NOT NULL,
  embedder text NOT NULL,
  UNIQUE (document_id, ordinal)
);
CREATE INDEX knowledge_chunks_workspace_idx ON knowledge_chunks (workspace_id, embedder);
SELECT sillage.enable_workspace_scope('knowledge_chunks');

CREATE TABLE ai_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  conversation_id uuid REFERENCES conversations ON DELETE CASCADE,
  comment_id uuid,
  -- A batch is answered once: its key (conversation + last message of the burst) is unique.
  batch_key text NOT NULL,
  triage text NOT NULL CHECK (triage IN ('IGNORE', 'ESCALATE', 'AUTO_REPLY')),
  confidence real NOT NULL,
  rule_id uuid REFERENCES ai_rules ON DELETE SET NULL,
  rule_name text,
  reason text NOT NULL,
  reply text,
  sources jsonb NOT NULL DEFAULT '[]',
  snapshot jsonb NOT NULL,
  outcome text NOT NULL DEFAULT 'pending'
    CHECK (outcome IN ('pending', 'sent', 'blocked_ai_off', 'suppressed_human', 'not_applicable', 'failed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, batch_key)
);
CREATE INDEX ai_decisions_workspace_idx ON ai_decisions (workspace_id, created_at DESC);
SELECT sillage.enable_workspace_scope('ai_decisions');

-- One outbound path for every message a person or the AI sends; the AI control is checked again at send time.
CREATE TABLE outbound_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  conversation_id uuid REFERENCES conversations ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES channels ON DELETE CASCADE,
  message_id uuid REFERENCES messages ON DELETE SET NULL,
  ai_decision_id uuid REFERENCES ai_decisions ON DELETE SET NULL,
  automatic boolean NOT NULL,
  body jsonb NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'blocked')),
  error_class text,
  error_message text,
  created_by uuid REFERENCES users ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbound_messages_queued_idx ON outbound_messages (workspace_id, status) WHERE status IN ('queued', 'sending');
SELECT sillage.enable_workspace_scope('outbound_messages');
