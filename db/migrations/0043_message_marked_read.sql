-- WhatsApp read receipts: when Sillage marked this customer's message read on WhatsApp (a reply sent after it;
-- Meta's `status: "read"` covers every earlier message too). A later reply calls Graph again only when a newer
-- message came in since. NULL: never marked (and every Instagram message).
ALTER TABLE messages ADD COLUMN marked_read_at timestamptz;
