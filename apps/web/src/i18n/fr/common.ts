import type { common as en } from "../en/common";
import type { Messages } from "../types";

export const common: Messages<typeof en> = {
  secret: "Secret",
  copy: "Copier",
  copied: "Copié",
  done: "C’est noté",
  cancel: "Annuler",
  close: "Fermer",
  chooseFile: "Choisir un fichier",
  noFile: "Aucun fichier choisi",
  clearFile: "Retirer le fichier",
  save: "Enregistrer",
  saving: "Enregistrement…",
  loading: "Chargement…",
  retry: "Réessayer",
  actions: "Actions",
  language: "Langue",
  justNow: "à l’instant",
  inAMoment: "dans un instant",
};
