/** Every command the extension contributes, declared once. */
export const CommandIds = {
  newMessage: 'wxc.newMessage',
  send: 'wxc.send',
  selectEnvironment: 'wxc.selectEnvironment',
  setServiceKey: 'wxc.setServiceKey',
  clearServiceKey: 'wxc.clearServiceKey',
  showHistory: 'wxc.showHistory',
  copyAsCurl: 'wxc.copyAsCurl',
  checkMedia: 'wxc.checkMedia',
  openPreviewToSide: 'wxc.openPreviewToSide',
  /** Internal: the quick fix that adds a variable to the active environment. */
  defineVariable: 'wxc.defineVariable',
} as const;
