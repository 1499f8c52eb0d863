// Instagram's handover protocol (another app controls a customer's thread): shown only on such conversations, so its
// words load with them (`useAreas`), not with the inbox's first paint.
export const handover = {
  note: "Conversation handled by another app (Meta’s inbox or a bot): Sillage does not answer it automatically. You may reply if Instagram allows it.",
  other_app: "Conversation handed to another app",
  this_app: "Conversation handed back to Sillage",
};
