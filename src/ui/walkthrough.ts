/**
 * The "Get Started with Image Footprint" walkthrough (`contributes.walkthroughs` in package.json): the command that
 * opens it, and the context key its "hover a reference" step completes on (VS Code has no completion event for a
 * hover, so the first hover that shows an answer sets `imageFootprint.walkthrough.hovered`).
 */
import * as vscode from 'vscode';

export const WALKTHROUGH_ID = 'gettingStarted';
export const HOVERED_CONTEXT = 'imageFootprint.walkthrough.hovered';

/** `<publisher>.<name>#<walkthrough id>`, what `workbench.action.openWalkthrough` takes. */
export function walkthroughRef(extensionId: string): string {
  return `${extensionId}#${WALKTHROUGH_ID}`;
}

export function registerWalkthrough(extensionId: string): vscode.Disposable {
  return vscode.commands.registerCommand('imageFootprint.openWalkthrough', () =>
    vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughRef(extensionId), false),
  );
}

/** The hover provider, telling the walkthrough once that a hover showed an answer. */
export function markingHovers(provider: vscode.HoverProvider): vscode.HoverProvider {
  let marked = false;
  return {
    async provideHover(document, position, token) {
      const hover = await provider.provideHover(document, position, token);
      if (hover && !marked) {
        marked = true;
        void vscode.commands.executeCommand('setContext', HOVERED_CONTEXT, true);
      }
      return hover;
    },
  };
}
