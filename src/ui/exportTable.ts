/**
 * "Copy as Markdown Table" and "Export as CSV…" for any paged list: every page is loaded (a notification with
 * progress and a Cancel button that aborts the request in flight), then the table goes to the clipboard or to the
 * file the user picked. A failed page is a notification with Retry and the actions that help; nothing half-loaded
 * is ever written. Knows nothing of either AWS service: the feature folders hand in the loader and the columns.
 */
import * as vscode from 'vscode';
import type { FootprintError } from '../aws/errors';
import { collectAllPages } from '../tree/collectPages';
import type { PageLoader } from '../tree/pager';
import { notificationText } from '../util/escape';
import { safeFileName, toCsv, toMarkdownTable, type Column } from '../util/tableExport';
import type { ErrorActions } from './errorActions';

export type ExportFormat = 'markdown' | 'csv';

export interface TableExport<T, R> {
  /** What is exported, for the progress and the messages: "clusters of shop/web:1.4.2". */
  readonly subject: string;
  /** The noun of one item and of several: ["cluster", "clusters"]. */
  readonly noun: readonly [one: string, many: string];
  /** File name offered by the save dialog, without folder: "shop-web-1.4.2-clusters.csv". */
  readonly fileName: string;
  readonly loadPage: PageLoader<T>;
  /** Every item already, when the tree holds the complete list: no request is made. */
  readonly complete?: readonly T[];
  readonly toRows: (items: readonly T[]) => readonly R[];
  readonly columns: readonly Column<R>[];
  readonly toError: (err: unknown) => FootprintError;
}

/** What an export produced (returned by the commands, for code and tests). */
export interface ExportResult {
  readonly format: ExportFormat;
  readonly items: number;
  readonly rows: number;
  readonly text: string;
  /** The file written (CSV). */
  readonly uri?: vscode.Uri;
}

export class TableExporter {
  constructor(private readonly errors: ErrorActions) {}

  /**
   * Loads every page and delivers the table. `target` (from code and tests) skips the save dialog. Undefined when
   * the user cancelled (the dialog or the loading) or a page failed (the notification says why).
   */
  async run<T, R>(
    format: ExportFormat,
    request: TableExport<T, R>,
    target?: vscode.Uri,
  ): Promise<ExportResult | undefined> {
    let uri = target;
    if (format === 'csv' && !uri) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const fileName = safeFileName(request.fileName);
      uri = await vscode.window.showSaveDialog({
        title: vscode.l10n.t('Export {0} as CSV', request.subject),
        saveLabel: vscode.l10n.t('Export'),
        defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
        filters: { [vscode.l10n.t('CSV files')]: ['csv'], [vscode.l10n.t('All files')]: ['*'] },
      });
      if (!uri) return undefined;
    }
    let items: readonly T[];
    try {
      const loaded = request.complete ? { kind: 'done' as const, items: request.complete } : await this.load(request);
      if (loaded.kind === 'cancelled') return undefined;
      items = loaded.items;
    } catch (err) {
      void this.errors.show(request.toError(err), () => this.run(format, request, uri));
      return undefined;
    }
    const rows = request.toRows(items);
    const noun = request.noun[items.length === 1 ? 0 : 1];
    const count =
      rows.length === 1
        ? vscode.l10n.t('{0} {1}, {2} row', items.length, noun, rows.length)
        : vscode.l10n.t('{0} {1}, {2} rows', items.length, noun, rows.length);
    if (format === 'markdown') {
      const text = toMarkdownTable(request.columns, rows);
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(
        notificationText(vscode.l10n.t('Copied the {0} as a Markdown table: {1}.', request.subject, count)),
      );
      return { format, items: items.length, rows: rows.length, text };
    }
    const text = toCsv(request.columns, rows);
    const file = uri as vscode.Uri;
    try {
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
    } catch (err) {
      void vscode.window.showErrorMessage(
        notificationText(
          vscode.l10n.t(
            'Could not write {0}: {1}',
            file.fsPath || file.toString(),
            err instanceof Error ? err.message : String(err),
          ),
        ),
      );
      return undefined;
    }
    void vscode.window
      .showInformationMessage(
        notificationText(vscode.l10n.t('Exported the {0} to {1}: {2}.', request.subject, basename(file), count)),
        vscode.l10n.t('Open File'),
      )
      .then((picked) => {
        if (picked) void vscode.commands.executeCommand('vscode.open', file);
      });
    return { format, items: items.length, rows: rows.length, text, uri: file };
  }

  private load<T, R>(request: TableExport<T, R>) {
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: notificationText(vscode.l10n.t('Loading {0}', request.subject)),
        cancellable: true,
      },
      (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        return collectAllPages(request.loadPage, {
          signal: controller.signal,
          onPage: ({ items, pages }) =>
            progress.report({
              message:
                pages === 1
                  ? vscode.l10n.t('{0} {1} ({2} page)…', items, request.noun[items === 1 ? 0 : 1], pages)
                  : vscode.l10n.t('{0} {1} ({2} pages)…', items, request.noun[items === 1 ? 0 : 1], pages),
            }),
        }).finally(() => subscription.dispose());
      },
    );
  }
}

function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString();
}
