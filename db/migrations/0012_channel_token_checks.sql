-- What Sillage knows of each channel's token lifetime, and when Meta last answered about the token.
-- token_expiry: 'known' (token_expires_at is what the platform said: an Instagram exchange or refresh `expires_in`,
-- debug_token's `expires_at`), 'never' (debug_token's `expires_at` 0), 'unknown' (nothing said it: a pasted
-- Instagram-Login token before its first refresh, any token when debug_token cannot be asked). Never a guess.
ALTER TABLE channels
  ADD COLUMN token_expiry text NOT NULL DEFAULT 'unknown' CHECK (token_expiry IN ('known', 'never', 'unknown')),
  ADD COLUMN token_checked_at timestamptz;

-- Until now a pasted Instagram-Login token was given exactly 60 days from its connection (a guess) and every other
-- token without a date none at all (an assumption); other dates came from Meta. The first check corrects the rest.
UPDATE channels SET token_expiry = 'known'
  WHERE token_expires_at IS NOT NULL AND token_expires_at - token_issued_at <> interval '60 days';
UPDATE channels SET token_expires_at = NULL WHERE token_expiry = 'unknown';
ALTER TABLE channels ADD CONSTRAINT channels_token_expiry_date CHECK ((token_expiry = 'known') = (token_expires_at IS NOT NULL));
