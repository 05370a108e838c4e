/** Every command the extension contributes, declared once. */
export const CommandIds = {
  newMessage: 'wxc.newMessage',
  send: 'wxc.send',
  selectEnvironment: 'wxc.selectEnvironment',
  setServiceKey: 'wxc.setServiceKey',
  clearServiceKey: 'wxc.clearServiceKey',
  setServiceSecret: 'wxc.setServiceSecret',
  clearServiceSecret: 'wxc.clearServiceSecret',
  showHistory: 'wxc.showHistory',
  copyAsCurl: 'wxc.copyAsCurl',
  copyAsCode: 'wxc.copyAsCode',
  checkMedia: 'wxc.checkMedia',
  startReceiver: 'wxc.startReceiver',
  setNotifyBaseUrl: 'wxc.setNotifyBaseUrl',
  copyInboundUrl: 'wxc.copyInboundUrl',
  stopReceiver: 'wxc.stopReceiver',
  setWebhookSecret: 'wxc.setWebhookSecret',
  clearWebhookSecret: 'wxc.clearWebhookSecret',
  clearSends: 'wxc.clearSends',
  refreshSends: 'wxc.refreshSends',
  /** Internal (tree items, the notification after a send): reveal a send in the Sends view. */
  revealSend: 'wxc.revealSend',
  /** Open a send's response page, or reveal it where it is open (Show Response, a Sends row, the history's pick). */
  openSend: 'wxc.openSend',
  /** Internal (tree items): check the media URLs of the payload a send came from. */
  checkSendMedia: 'wxc.checkSendMedia',
  openPreviewToSide: 'wxc.openPreviewToSide',
  /** A new payload addressed to a customer (a Conversations row, or a pick of customers). */
  replyToCustomer: 'wxc.replyToCustomer',
  refreshConversations: 'wxc.refreshConversations',
  /** Forgets the customers' events (the sends stay: Clear Sends forgets those). */
  clearConversations: 'wxc.clearConversations',
  /** Internal (tree items): copy a conversation row's text, link, coordinates or numbers. */
  copyConversationItem: 'wxc.copyConversationItem',
  /** Internal (tree items): open a customer's media or location link outside the editor. */
  openConversationLink: 'wxc.openConversationLink',
  /** Opens the walkthrough (VS Code's Getting Started page) beside a payload in view. */
  openWalkthrough: 'wxc.openWalkthrough',
  /** Internal: the quick fix that adds a variable to the active environment. */
  defineVariable: 'wxc.defineVariable',
} as const;
