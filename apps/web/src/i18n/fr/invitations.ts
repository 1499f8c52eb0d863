import type { invitations as en } from "../en/invitations";
import type { Messages } from "../types";

export const invitations: Messages<typeof en> = {
  title: "Invitations en attente",
  none: "Aucune invitation en attente.",
  for: "Pour",
  created: "Créée le",
  expires: "Expire le",
  anyone: "Toute personne ayant le lien",
  revoke: "Révoquer",
  revokeConfirm: "Confirmer",
  newTitle: "Inviter quelqu’un",
  newDescription: "Crée un lien à usage unique, valable 7 jours. Aucun e-mail n’est envoyé : partagez le lien vous-même.",
  linkLabel: "Lien d’invitation",
  linkNote: "Copiez ce lien maintenant : il ne sera plus affiché. Il fonctionne une fois, jusqu’au {{date}}.",
  emailOptional: "E-mail (facultatif, pour mémoire)",
  create: "Créer un lien d’invitation",
  roleHelp: "Les agents répondent aux conversations ; les admins gèrent aussi les réglages, les membres et les jetons d’API.",
};
