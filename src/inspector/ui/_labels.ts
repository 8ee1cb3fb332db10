/** Labels both Inspector panels show (not bundled on its own: files starting with `_` are shared). */
import * as l10n from '@vscode/l10n';

/** Column and summary labels that are counts; the comment tells translators that they are not states. */
export const running = (): string => l10n.t({ message: 'Running', comment: ['A count: tasks or pods running now'] });
export const stopped = (): string =>
  l10n.t({ message: 'Stopped (24 h)', comment: ['A count: tasks or pods stopped in the last 24 hours'] });
