export const workspace = {
  label: "Workspace",
  new: "New workspace",
  createIntro: "A workspace holds the accounts, team and settings of one business. You will be its owner.",
  nameLabel: "Workspace name",
  namePlaceholder: "e.g. Atelier Margot",
  create: "Create the workspace",
  noneTitle: "No workspace",
  noneBody: "You are no longer a member of any workspace. Create one, or ask for an invitation link.",
};
