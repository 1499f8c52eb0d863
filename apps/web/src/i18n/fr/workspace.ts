import type { workspace as en } from "../en/workspace";
import type { Messages } from "../types";

export const workspace: Messages<typeof en> = {
  label: "Espace",
  new: "Nouvel espace",
  createIntro: "Un espace regroupe les comptes, l’équipe et les réglages d’un commerce. Vous en serez propriétaire.",
  nameLabel: "Nom de l’espace",
  namePlaceholder: "ex. Atelier Margot",
  create: "Créer l’espace",
  noneTitle: "Aucun espace",
  noneBody: "Vous n’êtes plus membre d’aucun espace. Créez-en un, ou demandez un lien d’invitation.",
};
