-- Who answered and who is waiting (issue 13). A reply's author is already stored (`messages.author`,
-- `author_user_id`); what is new is reading, for each listed conversation, its latest decision and whether an agent
-- wrote since (the "needs a person" view and the AI's draft). These two indexes serve those lookups; the second is
-- partial, so only agents' replies (a small part of the messages) pay for it.
CREATE INDEX ai_decisions_conversation_idx ON ai_decisions (conversation_id, created_at DESC, id DESC) WHERE conversation_id IS NOT NULL;
CREATE INDEX messages_agent_replies_idx ON messages (conversation_id, created_at) WHERE direction = 'out' AND author = 'agent';
