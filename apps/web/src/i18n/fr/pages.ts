import type { pages as en } from "../en/pages";
import type { Messages } from "../types";

export const pages: Messages<typeof en> = {
  inbox: {
    title: "Messagerie",
    description: "Toutes vos conversations WhatsApp et Instagram au même endroit, triées par l’IA.",
    emptyTitle: "Aucune conversation pour l’instant",
    emptyBody: "Les messages de vos clients arriveront ici dès qu’un compte WhatsApp ou Instagram sera connecté.",
    item1: "Les conversations triées par intention (commande, question, réclamation…)",
    item2: "Des réponses suggérées, à envoyer telles quelles ou à modifier",
    item3: "Les conversations reprises par une personne, et par qui",
  },
  comments: {
    title: "Commentaires",
    description: "Les commentaires sur vos publications Instagram, à traiter ou modérer.",
    emptyTitle: "Aucun commentaire pour l’instant",
    emptyBody: "Les commentaires de vos publications apparaîtront ici, en commençant par ceux qui attendent une réponse.",
    item1: "Les questions repérées parmi les commentaires",
    item2: "Les réponses publiques ou privées",
    item3: "Les commentaires masqués ou signalés",
  },
  aiControl: {
    title: "Pilotage de l’IA",
    description: "Décidez de ce que l’assistant peut répondre seul, et du moment où une personne prend le relais.",
    emptyTitle: "L’assistant n’est pas encore configuré",
    emptyBody: "Les règles de l’assistant se régleront ici : son ton, les sujets qu’il peut traiter, et quand il passe la main à votre équipe.",
    item1: "Réponses automatiques activées ou non, par canal",
    item2: "Les sujets que l’assistant doit transmettre à une personne",
    item3: "Un historique de ce que l’assistant a répondu, et pourquoi",
  },
  analytics: {
    title: "Statistiques",
    description: "Les performances de vos publications et de vos conversations.",
    emptyTitle: "Pas encore assez de données",
    emptyBody: "Les graphiques apparaîtront ici une fois des publications parues et des conversations reçues.",
    item1: "Portée et engagement par publication",
    item2: "Délais de réponse et conversations traitées",
    item3: "Commandes et contacts issus des messages",
  },
  topics: {
    title: "Sujets",
    description: "Ce dont parlent vos clients, regroupé automatiquement.",
    emptyTitle: "Aucun sujet pour l’instant",
    emptyBody: "Dès que des conversations arriveront, les sujets récurrents (prix, livraison, tailles…) seront regroupés ici.",
    item1: "Les questions les plus fréquentes et leur évolution",
    item2: "Des exemples de messages pour chaque sujet",
    item3: "Les sujets où les réponses tardent",
  },
};
