import type { shell as en } from "../en/shell";
import type { Messages } from "../types";

export const shell: Messages<typeof en> = {
  apiToken: "Jeton d’API",
  skipToContent: "Aller au contenu",
  closeMenu: "Fermer le menu",
  openMenu: "Ouvrir le menu",
  sidebar: "Barre latérale",
  mainNav: "Navigation principale",
  logout: "Se déconnecter",
  // L’état de l’IA dans la barre latérale (toutes les pages) : ici, pas dans `ai.*`, que seules les pages de l’IA chargent.
  aiBadge: { on: "IA activée", off: "IA désactivée", partial: "IA activée, certains canaux coupés", title: "Réponses automatiques : voir le pilotage de l’IA" },
};
