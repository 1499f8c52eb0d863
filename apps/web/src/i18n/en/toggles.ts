export const toggles = {
  workspaceOn: "Automatic replies for the whole workspace: on",
  workspaceOff: "Automatic replies for the whole workspace: off",
  channelOn: "AI on {{channel}}: on",
  channelOff: "AI on {{channel}}: off",
  safetyOn: "Safety check “{{category}}”: on",
  safetyOff: "Safety check “{{category}}”: off",
};
