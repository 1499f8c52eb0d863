import type { failureReasons as en } from "../en/failures";

/** Pourquoi un appel à la plateforme a échoué pour de bon, par classe d’erreur (mêmes clés que en/failures.ts). */
export const failureReasons: { [K in keyof typeof en]: string } = {
  unknown: "raison inconnue",
  retryable: "Instagram ou WhatsApp a eu un souci et chaque nouvel essai a échoué",
  rate_limited: "Meta nous a ralentis et chaque nouvel essai a échoué",
  auth_expired: "l’accès au canal a expiré : reconnectez-le",
  permission: "il manque une permission au canal",
  invalid_input: "Meta a refusé le contenu de la publication",
  invalid_media: "l’image ou la vidéo a été refusée (taille, format ou proportions)",
  policy: "les règles de Meta l’ont bloquée",
  quota: "la limite quotidienne de publications est atteinte",
  duplicate: "Meta l’a refusée comme doublon",
  undeliverable: "aucun destinataire n’a pu la recevoir",
  not_found: "un élément nécessaire n’existe plus",
  channel_unavailable: "le canal n’est plus connecté",
  internal: "Sillage a rencontré une erreur interne",
  window_closed: "plus de 24 heures ont passé depuis le dernier message du client",
  unsupported: "Meta ne permet pas cette action",
  malformed: "Meta a envoyé une réponse inattendue",
  timeout: "Meta n’a pas répondu à temps",
  network: "Meta était injoignable",
  circuit_open: "le canal échouait à répétition : les appels sont suspendus un instant",
  billing_limit_reached: "les publications du mois prévues par votre offre sont épuisées",
};
