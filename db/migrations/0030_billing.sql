-- Plans, credits and feature gates (issue 19), owned by @sillage/billing.
-- A workspace's plan lives in its own table (the workspaces row belongs to accounts); no row means the default plan
-- (`DEFAULT_PLAN` in packages/billing/src/plans.ts), so existing workspaces need no backfill. `billing_day` (1–28) is
-- the day of the month its credits are granted; a missing row takes the day the workspace was created (capped at 28).
CREATE TABLE workspace_plans (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  plan text NOT NULL CHECK (plan IN ('free', 'pro', 'business')),
  billing_day smallint NOT NULL CHECK (billing_day BETWEEN 1 AND 28),
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by text
);
SELECT sillage.enable_workspace_scope('workspace_plans');

-- The credits ledger (table from 0006, unused until now) becomes append-only and typed: every movement is a row,
-- the balance is sum(delta). `idempotency_key` makes each movement a one-time act: `grant:<period>`,
-- `expire:<period>`, `consume:<decision>`, `refund:<decision>`, `topup:<operator key>`.
ALTER TABLE credit_ledger
  ADD COLUMN kind text NOT NULL DEFAULT 'topup' CHECK (kind IN ('grant', 'consume', 'refund', 'topup', 'expire')),
  ADD COLUMN idempotency_key text,
  ADD COLUMN period_start date,
  ADD COLUMN decision_id uuid;
ALTER TABLE credit_ledger ALTER COLUMN kind DROP DEFAULT;
UPDATE credit_ledger SET idempotency_key = 'legacy:' || id WHERE idempotency_key IS NULL;
ALTER TABLE credit_ledger ALTER COLUMN idempotency_key SET NOT NULL;
CREATE UNIQUE INDEX credit_ledger_key_idx ON credit_ledger (workspace_id, idempotency_key);
-- Sign follows the kind: grants, refunds and top-ups add, consumption and expiry take away.
ALTER TABLE credit_ledger ADD CONSTRAINT credit_ledger_sign CHECK (
  (kind IN ('grant', 'refund', 'topup') AND delta > 0) OR (kind IN ('consume', 'expire') AND delta < 0)
);

-- Append-only: a movement is corrected by another movement, never by editing one.
CREATE FUNCTION sillage.credit_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'credit_ledger is append-only';
END $$;
CREATE TRIGGER credit_ledger_no_update BEFORE UPDATE ON credit_ledger FOR EACH ROW EXECUTE FUNCTION sillage.credit_ledger_append_only();
