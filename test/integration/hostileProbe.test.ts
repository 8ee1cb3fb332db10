import * as vscode from 'vscode';
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { extensionApi, emulator } from './support/harness';
describe('hostile probe', () => {
  it('probe', async () => {
    const api = await extensionApi();
    const seen: string[] = [];
    const w = vscode.window as unknown as Record<string, unknown>;
    const orig = w.showErrorMessage as (...a: unknown[]) => unknown;
    w.showErrorMessage = (...a: unknown[]) => {
      seen.push(String(a[0]));
      return Promise.resolve(undefined);
    };
    await vscode.commands.executeCommand('imageFootprint.lookupImage', 'nginx:latest');
    console.log('PROBE seen', JSON.stringify(seen), Object.isFrozen(vscode.window));
    w.showErrorMessage = orig;
    await emulator.setFault('GetClustersForImage', 'denied');
    const node = await vscode.commands.executeCommand(
      'imageFootprint.lookupImage',
      '111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.4.2',
    );
    await api.clusters.provider.getChildren(node as never);
    await new Promise((r) => setTimeout(r, 1500));
    const dir = api.logUri.fsPath;
    console.log('PROBE logUri', dir, existsSync(dir) ? readdirSync(dir) : 'missing');
    for (const f of existsSync(dir) ? readdirSync(dir) : [])
      {console.log('PROBE', f, readFileSync(`${dir}/${f}`, 'utf8').slice(0, 600));}
    await emulator.reset();
  });
});
