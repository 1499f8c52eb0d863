import type { live as en } from "../en/live";
import type { Messages } from "../types";

export const live: Messages<typeof en> = {
  idle: "Direct désactivé",
  connecting: "Connexion…",
  live: "En direct",
  offline: "Hors ligne",
  idleHint: "Les mises à jour en direct démarrent une fois un espace choisi.",
  connectingHint: "Connexion aux mises à jour en direct…",
  liveHint: "Les changements de votre équipe s’affichent sans recharger la page.",
  offlineHint: "Les mises à jour en direct sont interrompues ; Sillage réessaie.",
};
