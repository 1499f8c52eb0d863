export const nav = {
  schedule: "Schedule",
  inbox: "Inbox",
  comments: "Comments",
  aiControl: "AI control",
  analytics: "Analytics",
  topics: "Topics",
  settings: "Settings",
};
