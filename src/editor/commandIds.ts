/** Every command the extension contributes, declared once. */
export const CommandIds = {
  newMessage: 'wxc.newMessage',
} as const;
