-- Topics (issue 17): embeddings of customers' messages and comments, and the daily clustering of them.
-- 0006's `topic_clusters` was never used: it is replaced by `topic_runs`, `clusters` and `cluster_items`.
DROP TABLE topic_clusters;

-- One embedding per customer text, with the embedder that made it (provider, model, dimension): a change of
-- provider leaves rows whose embedder differs, re-embedded in the background. No pgvector here: `real[]`, ranked in Node.
CREATE TABLE text_embeddings (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  message_id uuid UNIQUE REFERENCES messages ON DELETE CASCADE,
  comment_id uuid UNIQUE REFERENCES comments ON DELETE CASCADE,
  provider text NOT NULL,
  model text NOT NULL,
  dimension integer NOT NULL CHECK (dimension > 0),
  embedding real[] NOT NULL CHECK (cardinality(embedding) = dimension),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((message_id IS NULL) <> (comment_id IS NULL))
);
CREATE INDEX text_embeddings_embedder_idx ON text_embeddings (workspace_id, provider, model, dimension);
SELECT sillage.enable_workspace_scope('text_embeddings');

-- One daily run per workspace and local date (the job's idempotency key): a rerun replaces that date's clusters.
CREATE TABLE topic_runs (
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  run_date date NOT NULL,
  run_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  texts_count integer NOT NULL,
  PRIMARY KEY (workspace_id, run_date)
);
SELECT sillage.enable_workspace_scope('topic_runs');

-- A topic of one run, period ('24h' or '7d' before the run's local 03:00) and scope (global, or one post's comments).
CREATE TABLE clusters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  run_date date NOT NULL,
  period text NOT NULL CHECK (period IN ('24h', '7d')),
  period_start timestamptz NOT NULL,
  period_end timestamptz NOT NULL,
  scope text NOT NULL CHECK (scope IN ('global', 'post')),
  -- The post's platform media id (comments name their post by it, whether Sillage published it or not).
  post_media_id text CHECK ((scope = 'post') = (post_media_id IS NOT NULL)),
  rank integer NOT NULL,
  label text NOT NULL,
  terms text[] NOT NULL,
  size integer NOT NULL CHECK (size > 0),
  share real NOT NULL,
  -- Mean embedding of the members, to match the next period's topics; with its embedder, as compared only alike.
  centroid real[] NOT NULL,
  embedder text NOT NULL,
  previous_cluster_id uuid REFERENCES clusters ON DELETE SET NULL,
  trend text NOT NULL CHECK (trend IN ('new', 'up', 'down', 'stable')),
  growth real,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clusters_lookup_idx ON clusters (workspace_id, period, scope, post_media_id, run_date DESC, rank);
SELECT sillage.enable_workspace_scope('clusters');

CREATE TABLE cluster_items (
  cluster_id uuid NOT NULL REFERENCES clusters ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES workspaces ON DELETE CASCADE,
  position integer NOT NULL,
  message_id uuid REFERENCES messages ON DELETE CASCADE,
  comment_id uuid REFERENCES comments ON DELETE CASCADE,
  probability real NOT NULL,
  -- One of the 3–5 most central texts shown with the topic.
  sample boolean NOT NULL DEFAULT false,
  PRIMARY KEY (cluster_id, position),
  CHECK ((message_id IS NULL) <> (comment_id IS NULL))
);
SELECT sillage.enable_workspace_scope('cluster_items');
