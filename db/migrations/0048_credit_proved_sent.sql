-- An automatic reply refunded because its send was uncertain (the platform's answer lost), then proved sent by a
-- status or an echo, has its credit taken again: a consumption of its own code, so the credits history says why.
ALTER TABLE credit_ledger DROP CONSTRAINT credit_ledger_reason_code;
ALTER TABLE credit_ledger ADD CONSTRAINT credit_ledger_reason_code CHECK (reason_code IN (
  'monthly_grant', 'monthly_expiry', 'ai_reply', 'ai_reply_proved_sent', 'refund_not_delivered', 'refund_uncertain_send',
  'refund_refused_before_sending', 'refund_refused_by_platform', 'refund_cancelled_unsent', 'refund_superseded_edited',
  'top_up', 'legacy'
));
