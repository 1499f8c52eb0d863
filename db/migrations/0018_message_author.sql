-- Who answered and who is waiting (issue 13). A reply's author is already stored (`messages.author`,
-- `author_user_id`); what is new is reading each conversation's latest decision for the "needs a person" view and
-- the AI's draft, once per listed conversation: this index serves that lookup.
CREATE INDEX ai_decisions_conversation_idx ON ai_decisions (conversation_id, created_at DESC) WHERE conversation_id IS NOT NULL;
