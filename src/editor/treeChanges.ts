import * as vscode from 'vscode';

/**
 * A tree view's `onDidChangeTreeData`, fed by its model's change event: a burst of changes (a
 * thousand reports, a sandbox's customers writing at once) redraws the view a few times a second,
 * not once per change; `fire` redraws at once (the Refresh button, a timer of the view's own).
 */
export class TreeChanges<T> implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<T | undefined>();
  readonly event = this.emitter.event;
  private pending: NodeJS.Timeout | undefined;
  private readonly listener: vscode.Disposable;

  constructor(modelChanged: vscode.Event<unknown>, delayMs = 100) {
    this.listener = modelChanged(() => {
      this.pending ??= setTimeout(() => {
        this.pending = undefined;
        this.emitter.fire(undefined);
      }, delayMs);
    });
  }

  fire(): void {
    this.emitter.fire(undefined);
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.listener.dispose();
    this.emitter.dispose();
  }
}
