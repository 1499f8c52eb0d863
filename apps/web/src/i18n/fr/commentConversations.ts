import type { commentConversations as en } from "../en/commentConversations";
import type { Messages } from "../types";

export const commentConversations: Messages<typeof en> = {
  openConversation: "Ouvrir la conversation",
  fromComment: "Réponse privée au commentaire « {{text}} »",
};
