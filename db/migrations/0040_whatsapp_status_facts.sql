-- What WhatsApp's status webhooks tell of a message we sent, kept on its outbox row (the inbox owns both).
-- Pricing and conversation (status webhook reference): Meta gives them on one of `sent`/`delivered` (both under the
-- older conversation-based pricing, CBP; once under per-message pricing, PMP, where `conversation` only comes inside
-- free entry point windows). Words are kept as Meta sends them (lower case): categories keep being added.
ALTER TABLE outbound_messages
  ADD COLUMN pricing_billable boolean,
  -- 'CBP' or 'PMP'
  ADD COLUMN pricing_model text,
  -- marketing, utility, authentication, authentication_international, service, referral_conversion, marketing_lite…
  ADD COLUMN pricing_category text,
  -- PMP only: regular, free_customer_service, free_entry_point
  ADD COLUMN pricing_type text,
  ADD COLUMN wa_conversation_id text,
  ADD COLUMN wa_conversation_origin text,
  ADD COLUMN wa_conversation_expires_at timestamptz,
  -- When a `sent`, `delivered` or `read` status first came for the current attempt: after it, a `failed` status is
  -- never resent (the message may have reached the customer).
  ADD COLUMN platform_confirmed_at timestamptz,
  -- Asynchronous throttling failures (a `failed` status with 130429, 131056 or 131048 after a 200) resent so far,
  -- and the message ids of the attempts they replaced: a late status of one of those is about an old attempt.
  ADD COLUMN resends integer NOT NULL DEFAULT 0,
  ADD COLUMN superseded_platform_ids text[] NOT NULL DEFAULT '{}';
