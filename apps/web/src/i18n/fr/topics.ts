import type { topics as en } from "../en/topics";
import type { Messages } from "../types";

export const topics: Messages<typeof en> = {
  title: "Sujets",
  description: "Ce dont parlent vos clients, regroupé automatiquement chaque nuit à partir de leurs messages et commentaires.",
  period: "Période",
  period24h: "Dernières 24 heures",
  period7d: "7 derniers jours",
  chips: "Sujets, les plus fréquents d’abord",
  messages_one: "{{count}} message",
  messages_other: "{{count}} messages",
  trendUp: "En hausse {{growth}}",
  trendDown: "En baisse {{growth}}",
  trendStable: "Stable",
  trendNew: "Nouveau sujet",
  runOf: "Jusqu’au {{date}}",
  emptyTitle: "Pas encore de sujets",
  emptyBody: "Les sujets sont calculés chaque nuit à 03:00 (heure de votre espace) à partir des messages et commentaires des clients, dès qu’une période en compte au moins {{min}}. Prochain calcul : {{next}}.",
  emptyPost: "Les commentaires de cette publication ont leurs propres sujets à partir de 20 commentaires sur la période. Prochain calcul : {{next}}.",
  items: "Messages sur « {{label}} »",
  terms: "Mots clés",
  more: "Voir plus",
  openConversation: "ouvrir la conversation",
  openComment: "ouvrir les commentaires",
};
