-- One language per screen (issue 16): why a publication is where it is, and why a run failed, stored as a code with
-- parameters (@sillage/publishing PUBLICATION_REASONS, or a platform error kind `platform.<kind>` with Meta's own
-- words as `detail`) so the SPA words them in the reader's language. The English sentences stay in status_reason /
-- error_message for API clients and logs; rows written before this migration have no code and show those sentences.
ALTER TABLE post_publications ADD COLUMN status_reason_code text;
ALTER TABLE post_publications ADD COLUMN status_reason_params jsonb;
ALTER TABLE post_runs ADD COLUMN error_code text;
ALTER TABLE post_runs ADD COLUMN error_params jsonb;
