/** Anything with a `dispose()`; matches `vscode.Disposable` without importing `vscode`. */
export interface IDisposable {
  dispose(): unknown;
}

/**
 * A small base for long-lived objects: what a subclass `_register`s is disposed with it, in reverse order,
 * exactly once. Registering on an already disposed object disposes the argument at once.
 */
export abstract class Disposable implements IDisposable {
  private readonly _toDispose: IDisposable[] = [];
  private _isDisposed = false;

  protected get isDisposed(): boolean {
    return this._isDisposed;
  }

  protected _register<T extends IDisposable>(disposable: T): T {
    if (this._isDisposed) {
      disposable.dispose();
    } else {
      this._toDispose.push(disposable);
    }
    return disposable;
  }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    while (this._toDispose.length > 0) {
      try {
        this._toDispose.pop()?.dispose();
      } catch {
        // One failing disposal must not keep the others alive.
      }
    }
  }
}
