-- A customer's edit or unsend after its burst was decided (issue: re-triage on edits). The burst is decided again on
-- what it says now; the earlier decision stays as history, pointing to the one that replaced it. Its automatic reply,
-- when still queued, is cancelled rather than sent (`outbound_messages.status` `cancelled`, its pending thread message
-- removed): `superseded` when a new decision replaced it, `withdrawn` when the customer unsent all it answered.
-- No foreign key: the archive takes decisions by day and restores them by day, the replaced one before (or without)
-- the one replacing it.
ALTER TABLE ai_decisions ADD COLUMN superseded_by uuid;
ALTER TABLE ai_decisions DROP CONSTRAINT ai_decisions_outcome_check;
ALTER TABLE ai_decisions ADD CONSTRAINT ai_decisions_outcome_check
  CHECK (outcome IN ('pending', 'sent', 'blocked_ai_off', 'suppressed_human', 'window_closed', 'not_applicable', 'failed', 'superseded', 'withdrawn'));
CREATE INDEX ai_decisions_superseded_by_idx ON ai_decisions (superseded_by) WHERE superseded_by IS NOT NULL;

ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_status_check;
ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_status_check
  CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'blocked', 'cancelled'));
