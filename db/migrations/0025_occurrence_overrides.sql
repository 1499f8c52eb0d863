-- One occurrence of a series moved to another time (drag in the week view): [{"occurrence": "<local wall time of the
-- rule's occurrence>", "at": "<local wall time it goes out instead>"}], both in the post's zone. The rule's occurrence
-- is left out like an EXDATE and the moved one added, so COUNT still counts it once. Skipped dates stay in `exdates`.
ALTER TABLE scheduled_posts ADD COLUMN occurrence_overrides jsonb NOT NULL DEFAULT '[]';
ALTER TABLE scheduled_posts ADD CONSTRAINT scheduled_posts_overrides_array CHECK (jsonb_typeof(occurrence_overrides) = 'array');
