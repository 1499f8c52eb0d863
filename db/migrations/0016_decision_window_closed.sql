-- Decisions shown truthfully (issue 12): an automatic reply refused because the platform's messaging window was
-- closed gets its own outcome instead of `failed`, and a reply that did not go out keeps why: the error class (an
-- InboxError code or the connector's error kind, which the SPA words in the reader's language) and the sentence the
-- gate or the platform gave.
ALTER TABLE ai_decisions DROP CONSTRAINT ai_decisions_outcome_check;
ALTER TABLE ai_decisions ADD CONSTRAINT ai_decisions_outcome_check
  CHECK (outcome IN ('pending', 'sent', 'blocked_ai_off', 'suppressed_human', 'window_closed', 'not_applicable', 'failed'));
ALTER TABLE ai_decisions ADD COLUMN outcome_error text;
ALTER TABLE ai_decisions ADD COLUMN outcome_message text;
