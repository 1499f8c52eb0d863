import type { notifications as en } from "../en/notifications";
import type { Messages } from "../types";
import { failureReasons } from "@sillage/wording/fr";

export const notifications: Messages<typeof en> = {
  title: "Notifications",
  bell_one: "Notifications : {{count}} non lue",
  bell_other: "Notifications : {{count}} non lues",
  description: "Ce dont vous êtes prévenu, dans l’application et par e-mail. Les lignes inchangées suivent les choix par défaut de votre rôle.",
  markAllRead: "Tout marquer comme lu",
  settingsLink: "Réglages",
  empty: "Rien ne vous attend pour l’instant.",
  resolved: "Résolu",
  retry: "Réessayer",
  preferencesTitle: "Ce dont vous êtes prévenu",
  kindColumn: "Événement",
  media: {
    inApp: "Dans l’application",
    email: "E-mail",
  },
  default: "par défaut",
  kinds: {
    publication_failed_one: "Une publication a échoué : {{reason}}",
    publication_failed_other: "Une publication a échoué {{count}} fois : {{reason}}",
    quota_waiting: "Une publication attend le quota depuis plus d’une heure",
    channel_reconnect: "Le canal {{channel}} doit être reconnecté",
    token_expiring: "L’accès à {{channel}} expire le {{expiresAt}} : reconnectez-le",
    escalation_waiting: "Un client attend une personne {{since}}",
    credits_low: "Crédits bientôt épuisés : il en reste {{balance}} pour les réponses automatiques",
    credits_empty: "Plus de crédits : les réponses automatiques sont arrêtées",
  },
  failedPost: {
    quoted: "« {{excerpt}} »",
    untitled: "Une publication",
    text_one: "{{post}} sur {{channel}}, prévue le {{when}}, n’a pas pu être publiée : {{reason}}",
    text_other: "{{post}} sur {{channel}} a échoué {{count}} fois, la dernière prévue le {{when}} : {{reason}}",
  },
  kindNames: {
    publication_failed: "Une publication a échoué",
    quota_waiting: "Une publication attend le quota plus d’une heure",
    channel_reconnect: "Un canal doit être reconnecté",
    token_expiring: "L’accès d’un canal expire sous 7 jours",
    escalation_waiting: "Un client attend une personne",
    credits_low: "Les crédits des réponses automatiques s’épuisent",
  },
  reasons: failureReasons,
};
