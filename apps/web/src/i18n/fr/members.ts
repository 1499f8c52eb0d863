import type { members as en } from "../en/members";
import type { Messages } from "../types";

export const members: Messages<typeof en> = {
  title: "Membres",
  description: "Les personnes qui ont accès à cet espace. Invitez vos collègues avec un lien.",
  descriptionReadOnly: "Les personnes qui ont accès à cet espace. Seuls les propriétaires et les admins peuvent inviter ou retirer des membres.",
  name: "Nom",
  role: "Rôle",
  joined: "Arrivée",
  you: "vous",
  remove: "Retirer",
  removeConfirm: "Confirmer le retrait",
};
