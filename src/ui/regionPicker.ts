/**
 * The region picker of "Select AWS Region…": the regions of the profile's partition (every public partition when no
 * region is known), grouped by partition, the current one marked; a region typed that is not listed (a new one, or
 * another partition's) can still be picked. Region names and their descriptions come from the SDK's partition table
 * (data, not translated); our own words go through `vscode.l10n.t`.
 */
import * as vscode from 'vscode';
import { regionDescription, regionGroups } from '../aws/regions';
import type { AwsSession } from '../aws/session';
import { isRegionName } from '../settings';

/** '' for "from the profile or environment", a region name, or undefined when the picker was dismissed. */
export async function pickRegion(session: AwsSession, current: string | undefined): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { value: string };
  const profileRegion = (await session.currentProfile())?.region ?? (await session.defaultRegion());
  const partitions = session.regionPartitions();
  const groups = regionGroups(partitions, profileRegion);
  const known = new Set(groups.flatMap((g) => g.regions.map((r) => r.id)));
  const currentText = vscode.l10n.t('current');
  const base: Item[] = [
    {
      label: vscode.l10n.t('From profile or environment'),
      description: current === undefined ? currentText : profileRegion,
      value: '',
    },
    ...groups.flatMap((g): Item[] => [
      { label: g.name, kind: vscode.QuickPickItemKind.Separator, value: '' },
      ...g.regions.map((r) => ({
        label: r.id,
        description: [r.description, r.id === current ? currentText : undefined].filter(Boolean).join(' · '),
        value: r.id,
      })),
    ]),
  ];
  const quickPick = vscode.window.createQuickPick<Item>();
  quickPick.title = vscode.l10n.t('Select AWS Region');
  quickPick.placeholder = vscode.l10n.t(
    'Region for lifecycle policies (image lookups use the region in the image URI)',
  );
  quickPick.matchOnDescription = true;
  quickPick.items = base;
  quickPick.onDidChangeValue((v) => {
    const typed = v.trim();
    quickPick.items =
      typed && isRegionName(typed) && !known.has(typed)
        ? [
            {
              label: typed,
              description: regionDescription(typed, partitions) ?? vscode.l10n.t('other region'),
              value: typed,
              alwaysShow: true,
            },
            ...base,
          ]
        : base;
  });
  return new Promise<string | undefined>((resolve) => {
    quickPick.onDidAccept(() => {
      resolve(quickPick.selectedItems[0]?.value);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      resolve(undefined);
      quickPick.dispose();
    });
    quickPick.show();
  });
}
