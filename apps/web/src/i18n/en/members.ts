export const members = {
  title: "Members",
  description: "People with access to this workspace. Invite teammates with a link.",
  descriptionReadOnly: "People with access to this workspace. Only owners and admins can invite or remove members.",
  name: "Name",
  role: "Role",
  joined: "Joined",
  you: "you",
  remove: "Remove",
  removeConfirm: "Confirm removal",
};
