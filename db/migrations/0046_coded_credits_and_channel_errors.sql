-- One language per screen for the credits history: why a credit moved is stored as a code with parameters
-- (@sillage/billing CREDIT_REASONS), worded by the SPA in the reader's language, instead of an English sentence.
-- Existing rows are coded from the sentences the server wrote; a top-up keeps its operator's words as `note`, and any
-- other sentence is kept as `legacy` with its text. The sentence column then goes: nothing writes or reads it.
ALTER TABLE credit_ledger
  ADD COLUMN reason_code text,
  ADD COLUMN reason_params jsonb NOT NULL DEFAULT '{}'::jsonb;

-- The ledger is append-only for the application; this one-time recoding of its own rows is the migration's to do.
ALTER TABLE credit_ledger DISABLE TRIGGER credit_ledger_no_update;
UPDATE credit_ledger SET reason_code = CASE
  WHEN kind = 'topup' THEN 'top_up'
  WHEN reason ~ '^monthly credits \((free|pro|business)\)$' THEN 'monthly_grant'
  WHEN reason = 'unused monthly credits expired' THEN 'monthly_expiry'
  WHEN reason = 'automatic reply' THEN 'ai_reply'
  WHEN reason = 'automatic reply not delivered' THEN 'refund_not_delivered'
  WHEN reason = 'automatic reply refused before sending' THEN 'refund_refused_before_sending'
  WHEN reason = 'automatic reply refused by the platform' THEN 'refund_refused_by_platform'
  WHEN reason = 'automatic reply cancelled: message unsent' THEN 'refund_cancelled_unsent'
  WHEN reason = 'automatic reply superseded: message edited' THEN 'refund_superseded_edited'
  ELSE 'legacy'
END;
UPDATE credit_ledger SET reason_params = CASE reason_code
  WHEN 'top_up' THEN jsonb_build_object('note', reason)
  WHEN 'monthly_grant' THEN jsonb_build_object('plan', substring(reason from '^monthly credits \((\w+)\)$'))
  WHEN 'legacy' THEN jsonb_build_object('text', reason)
  ELSE '{}'::jsonb
END;
ALTER TABLE credit_ledger ENABLE TRIGGER credit_ledger_no_update;

ALTER TABLE credit_ledger ALTER COLUMN reason_code SET NOT NULL;
ALTER TABLE credit_ledger ADD CONSTRAINT credit_ledger_reason_code CHECK (reason_code IN (
  'monthly_grant', 'monthly_expiry', 'ai_reply', 'refund_not_delivered', 'refund_uncertain_send',
  'refund_refused_before_sending', 'refund_refused_by_platform', 'refund_cancelled_unsent', 'refund_superseded_edited',
  'top_up', 'legacy'
));
ALTER TABLE credit_ledger ALTER COLUMN reason_params DROP DEFAULT;
ALTER TABLE credit_ledger DROP COLUMN reason;

-- A channel's last platform error, also as a code: the connectors' error kind (`platform.<kind>` in the API's
-- registry), so Settings › Channels and the reconnect notification word it in the reader's language. `last_error`
-- keeps the English words for API clients and logs; rows from before have no kind and show those words.
ALTER TABLE channels ADD COLUMN last_error_kind text;
-- Likewise Meta's refusal of the channel's webhook subscription (`webhook_error`): its kind, `malformed` when Meta
-- answered without confirming.
ALTER TABLE channels ADD COLUMN webhook_error_kind text;
