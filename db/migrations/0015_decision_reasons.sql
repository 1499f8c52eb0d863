-- Decision reasons as a code with parameters (issue 12): the web app renders them in the reader's language, with what
-- to do; `reason` keeps the sentence in the workspace's language for older readers and the CLI. Rows decided before
-- this migration have no code: they show their sentence.
ALTER TABLE ai_decisions
  ADD COLUMN reason_code text,
  ADD COLUMN reason_params jsonb NOT NULL DEFAULT '{}'::jsonb;
