-- Who the customer is (issue 13): an Instagram contact's profile (name, username, picture) read from Meta's User
-- Profile API and cached here, refreshed weekly. Meta's picture links expire within days, so the bytes live in the
-- media store and `picture_key` names them. `profile_status` is what the last read said: `ok`; `consent_required`
-- (the person has only commented: read again after their next DM, not before); `unavailable` (blocked the business,
-- or unknown to the account). Null while never read (WhatsApp contacts take their name from the webhook).
ALTER TABLE contacts ADD COLUMN picture_key text;
ALTER TABLE contacts ADD COLUMN profile_status text CHECK (profile_status IN ('ok', 'consent_required', 'unavailable'));
ALTER TABLE contacts ADD COLUMN profile_checked_at timestamptz;
