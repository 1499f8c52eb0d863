import type { firstRun as en } from "../en/firstRun";
import type { Messages } from "../types";

// Premier lancement et démo (issue 16) : accueil, « Explorer la démo », liste de démarrage, numéro sandbox, rôles.
export const firstRun: Messages<typeof en> = {
  landing: {
    title: "Votre Instagram et votre WhatsApp, planifiés et répondus",
    tagline: "Sillage planifie vos publications, réunit les messages de vos clients dans une seule boîte de réception et laisse une IA que vous contrôlez répondre aux questions simples.",
    featuresLabel: "Ce que fait Sillage",
    scheduleTitle: "Planifiez vos publications",
    scheduleBody: "Publications Instagram et campagnes WhatsApp, un seul calendrier, publiées à l’heure.",
    inboxTitle: "Une seule boîte de réception",
    inboxBody: "Messages privés, WhatsApp et commentaires côte à côte, avec notes et étiquettes pour l’équipe.",
    aiTitle: "Une IA qui suit vos règles",
    aiBody: "Elle répond à partir de vos propres connaissances, passe la main à une personne en cas de doute, et seulement là où vous l’activez.",
    signup: "Créer un compte",
    login: "Se connecter",
  },
  demo: {
    explore: "Explorer la démo",
    exploring: "Ouverture de la démo…",
    hint: "Une boutique exemple avec des comptes de test : rien n’est envoyé à Meta.",
    or: "ou",
  },
  checklist: {
    title: "Bien démarrer",
    progress: "{{done}} sur {{total}} terminées",
    dismiss: "Masquer",
    dismissLabel: "Masquer la liste de démarrage",
    allDone: "Tout est prêt : Sillage est en place.",
    done: "Fait",
    steps: {
      channel: "Connecter un canal",
      knowledge: "Ajouter des connaissances pour l’IA",
      rule: "Écrire une règle",
      post: "Planifier une première publication",
      ai: "Activer l’IA",
    },
    hints: {
      channel: "Instagram ou WhatsApp, dans Réglages › Canaux.",
      knowledge: "Horaires, livraison, retours : ce sur quoi l’IA s’appuie pour répondre.",
      rule: "Dites ce à quoi l’IA ne doit jamais répondre, ou ce qu’elle passe toujours à une personne.",
      post: "Une publication ou une campagne dans le calendrier.",
      ai: "Activez l’IA pour l’espace de travail et pour un canal.",
    },
  },
  sandbox: {
    title: "Numéro de test",
    button: "Connecter un numéro de test",
    connecting: "Connexion…",
    hint: "Mode démo : un nouveau numéro de test, sans compte Meta.",
    connected: "Numéro de test connecté.",
  },
  members: {
    roleOf: "Rôle de {{name}}",
    changing: "Modification…",
    leave: "Quitter cet espace de travail",
    leaveConfirm: "Le quitter ?",
  },
};
