import type { notifySettings as en } from "../en/notifySettings";
import type { Messages } from "../types";

export const notifySettings: Messages<typeof en> = {
  emailTitle: "E-mails",
  emailDescription: "Quand les e-mails vous parviennent dans cet espace de travail.",
  modeLegend: "Rythme des e-mails",
  modes: {
    immediate: "Un e-mail par notification, dès qu’elle arrive",
    hourly: "Un récapitulatif toutes les heures",
    daily: "Un récapitulatif par jour",
  },
  digestHour: "Heure du récapitulatif",
  hour: "{{hour}} h",
  quietFrom: "Heures calmes : à partir de",
  quietTo: "jusqu’à",
  quietHint: "Pendant les heures calmes, aucun e-mail ne part : ils attendent la fin de ces heures, récapitulatif compris. Au plus 10 e-mails par heure.",
  quietNone: "Début et fin identiques : pas d’heures calmes. Au plus 10 e-mails par heure.",
  ownZone: "Utiliser mon propre fuseau horaire",
  workspaceZone: "Fuseau de l’espace de travail : {{zone}}.",
  saved: "Enregistré",
  thresholdsTitle: "Attente avant une alerte d’escalade",
  thresholdsDescription: "Combien de minutes une conversation ou un commentaire escaladé peut rester sans réponse avant de vous prévenir.",
  thresholdsReadOnly: "Seuls les administrateurs peuvent modifier ces délais.",
  defaultMinutes: "Délai par défaut (minutes)",
  defaultMinutesHint: "Pour les canaux sans délai propre.",
  noChannels: "Aucun canal connecté pour l’instant.",
  channelColumn: "Canal",
  minutesColumn: "Minutes",
  followsDefault: "{{minutes}} (par défaut)",
  channelMinutes: "Délai de {{channel}} en minutes",
  minutesRange: "Un nombre entier de minutes, de {{min}} à {{max}}.",
};
