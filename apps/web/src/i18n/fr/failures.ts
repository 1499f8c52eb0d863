import type { failures as en } from "../en/failures";
import type { Messages } from "../types";

// operations (issue 18): the failures page
export const failures: Messages<typeof en> = {
  title: "Échecs",
  description: "Publications et réponses qui ne sont pas parties. Relancez-les une fois la cause corrigée.",
  adminOnly: "Seuls les administrateurs de l’espace voient ce qui a échoué.",
  publications: "Publications en échec",
  publicationsNone: "Aucune publication en échec ces 30 derniers jours.",
  replies: "Réponses en échec",
  repliesNone: "Aucune réponse en échec.",
  due: "Prévue",
  platform: "Canal",
  post: "Publication",
  reason: "Raison",
  failedAt: "Échec",
  retry: "Relancer",
  retried: "Remise en file.",
  uncertain: "Non renvoyée : le premier essai a peut-être atteint le client.",
  openPost: "Ouvrir dans le planning",
  automatic: "réponse automatique",
};
