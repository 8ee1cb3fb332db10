import * as vscode from 'vscode';

// Placeholder wiring; replaced as the views land.
export function activate(context: vscode.ExtensionContext): void {
  const ids = [
    'imageFootprint.lookupImage',
    'imageFootprint.openLifecycleExecution',
    'imageFootprint.showEksWorkloads',
    'imageFootprint.showEcsTaskDefinition',
    'imageFootprint.showSnapshotStates',
    'imageFootprint.refresh',
    'imageFootprint.selectProfile',
    'imageFootprint.selectRegion',
  ];
  for (const id of ids) context.subscriptions.push(vscode.commands.registerCommand(id, () => undefined));
}

export function deactivate(): void {}
