export const roles = {
  owner: "Owner",
  admin: "Admin",
  agent: "Agent",
};
