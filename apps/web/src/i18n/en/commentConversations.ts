export const commentConversations = {
  openConversation: "Open the conversation",
  fromComment: "Private reply to the comment “{{text}}”",
};
