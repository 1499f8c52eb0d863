-- One occurrence of a series changed (moved in the week view, or its content replaced): [{"occurrence": "<local wall
-- time of the rule's occurrence>", "at": "<local wall time it goes out instead>", "content": {…} (optional)}], both
-- times in the post's zone. The rule's occurrence is left out like an EXDATE and the changed one added, so COUNT
-- still counts it once. Skipped dates stay in `exdates`.
ALTER TABLE scheduled_posts ADD COLUMN occurrence_overrides jsonb NOT NULL DEFAULT '[]';
ALTER TABLE scheduled_posts ADD CONSTRAINT scheduled_posts_overrides_array CHECK (jsonb_typeof(occurrence_overrides) = 'array');
-- The content of that one occurrence, copied when it is materialized (null: the post's content).
ALTER TABLE post_publications ADD COLUMN content_override jsonb;
