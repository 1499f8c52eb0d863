import type { handover as en } from "../en/handover";
import type { Messages } from "../types";

export const handover: Messages<typeof en> = {
  note: "Conversation gérée par une autre application (la messagerie de Meta ou un robot) : Sillage n’y répond pas automatiquement. Vous pouvez répondre si Instagram le permet.",
  other_app: "Conversation confiée à une autre application",
  this_app: "Conversation rendue à Sillage",
};
