import type { tokens as en } from "../en/tokens";
import type { Messages } from "../types";

export const tokens: Messages<typeof en> = {
  title: "Jetons d’API",
  description: "Les jetons permettent à vos outils d’appeler l’API Sillage pour le compte de cet espace.",
  none: "Aucun jeton d’API pour l’instant.",
  name: "Nom",
  prefix: "Jeton",
  created: "Créé le",
  lastUsed: "Dernière utilisation",
  never: "Jamais",
  revokedOn: "Révoqué le {{date}}",
  revoke: "Révoquer",
  revokeConfirm: "Confirmer",
  createdLabel: "Nouveau jeton « {{name}} »",
  createdNote: "Copiez-le maintenant et conservez-le en lieu sûr : il ne sera plus affiché.",
  newTitle: "Créer un jeton",
  namePlaceholder: "ex. Intégration boutique",
  create: "Créer le jeton",
};
