import type { toggles as en } from "../en/toggles";
import type { Messages } from "../types";

export const toggles: Messages<typeof en> = {
  workspaceOn: "Réponses automatiques pour tout l’espace : activées",
  workspaceOff: "Réponses automatiques pour tout l’espace : désactivées",
  channelOn: "IA sur {{channel}} : activée",
  channelOff: "IA sur {{channel}} : désactivée",
  safetyOn: "Contrôle « {{category}} » : activé",
  safetyOff: "Contrôle « {{category}} » : désactivé",
};
