import type { roles as en } from "../en/roles";
import type { Messages } from "../types";

export const roles: Messages<typeof en> = {
  owner: "Propriétaire",
  admin: "Admin",
  agent: "Agent",
};
