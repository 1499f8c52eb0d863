export const live = {
  idle: "Live updates off",
  connecting: "Connecting…",
  live: "Live",
  offline: "Offline",
  idleHint: "Live updates start once a workspace is selected.",
  connectingHint: "Connecting to live updates…",
  liveHint: "Changes made by your team appear without reloading.",
  offlineHint: "Live updates are interrupted; Sillage keeps retrying.",
};
