/**
 * "Load All" of a paged list (PagedChildren.loadAll): every remaining page one request at a time, the list drawn at
 * the start, about once a second and at the end (never after each page), a click on the loading row stops it and
 * keeps what is shown, a failed page stops it under the rows already loaded, and a refresh drops it.
 */
import '../support/useStandIn';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { LoadingAllNode, LoadMoreNode, ErrorNode, type RowError } from '../../src/tree/messageNodes';
import { NodeTreeProvider, TreeNode } from '../../src/tree/node';
import {
  LOAD_ALL_FIRST_DRAW_MS,
  LOAD_ALL_REDRAW_MS,
  PagedChildren,
  type PagedError,
} from '../../src/tree/pagedChildren';
import type { Page } from '../../src/tree/pager';
import { commands, standIn } from '../support/vscodeStandIn';
import { registerTreeCommands } from '../../src/ui/treeCommands';
import type { ErrorActions } from '../../src/ui/errorActions';

/** When each item's row was built: whether a request was out then. */
const builtAt = new Map<string, { loading: boolean }>();
let builds = 0;

class Item extends TreeNode {
  constructor(
    readonly id: string,
    private readonly owner: Owner,
  ) {
    super(owner);
  }
  getTreeItem(): vscode.TreeItem {
    builtAt.set(this.id, { loading: this.owner.list.pager.state === 'loading' });
    builds++;
    return { label: this.id };
  }
}

class Owner extends TreeNode {
  readonly id = 'owner';
  list!: PagedChildren<number>;
  getTreeItem(): vscode.TreeItem {
    return { label: 'owner' };
  }
  override getChildren(): Promise<readonly TreeNode[]> {
    return this.list.getChildren();
  }
}

function failure(message: string): PagedError {
  const error: RowError & { kind: string } = {
    kind: 'network',
    message,
    hint: 'try again',
    fullMessage: message,
    actions: ['retry'],
    actionLook: () => undefined,
  };
  return error;
}

interface Harness {
  readonly owner: Owner;
  readonly list: PagedChildren<number>;
  readonly provider: NodeTreeProvider;
  /** How often the owner was reported changed (each one makes VS Code read every child again). */
  readonly redraws: () => number;
  /** Pages asked for, by token ('' for the first). */
  readonly requested: string[];
  readonly clock: { now: number };
  /** How many requests were in flight at most. */
  readonly maxInFlight: () => number;
}

/**
 * A list of `pages` pages of `perPage` numbers; `onPage(n)` runs as page n is answered (it may throw to fail it, or
 * move the clock). Every request takes a macrotask, like a real one.
 */
function harness(
  pages: number,
  perPage: number,
  onPage: (page: number) => void = () => undefined,
  /** How an answer waits: a turn of the event loop, or (like a request over a socket) a timer. */
  wait: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
): Harness {
  const owner = new Owner(undefined);
  const provider = new NodeTreeProvider(() => [owner]);
  let redraws = 0;
  const requested: string[] = [];
  const clock = { now: 0 };
  let inFlight = 0;
  let maxInFlight = 0;
  const loadPage = async (token: string | undefined, signal: AbortSignal): Promise<Page<number>> => {
    const page = token === undefined ? 0 : Number(token);
    requested.push(token ?? '');
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await wait();
      onPage(page);
      // As the SDK does: a request aborted before its answer is read rejects.
      if (signal.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      const items = Array.from({ length: perPage }, (_, i) => page * perPage + i);
      return { items, nextToken: page + 1 < pages ? String(page + 1) : undefined };
    } finally {
      inFlight--;
    }
  };
  owner.list = new PagedChildren<number>(
    {
      owner,
      loadPage,
      toNode: (n) => new Item(`item/${n}`, owner),
      notify: Object.assign(
        (node?: TreeNode) => {
          if (node === owner) redraws++;
          provider.notify(node);
        },
        { prepare: provider.notify.prepare },
      ),
      toError: (err) => failure(err instanceof Error ? err.message : String(err)),
      noun: 'numbers',
      emptyMessage: 'none',
    },
    () => clock.now,
  );
  return {
    owner,
    list: owner.list,
    provider,
    redraws: () => redraws,
    requested,
    clock,
    maxInFlight: () => maxInFlight,
  };
}

async function lastRow(h: Harness): Promise<TreeNode | undefined> {
  const children = await h.list.getChildren();
  return children[children.length - 1];
}

describe('Load All of a paged list', () => {
  it('loads every remaining page, one request at a time, and draws the list once instead of once per page', async () => {
    const h = harness(40, 25);
    await h.list.getChildren();
    const more = await lastRow(h);
    assert.ok(more instanceof LoadMoreNode);
    const before = h.redraws();
    await h.list.loadAll();
    assert.equal(h.list.items.length, 1000);
    assert.equal(h.list.pager.state, 'done');
    assert.deepEqual(h.requested, ['', ...Array.from({ length: 39 }, (_, i) => String(i + 1))], 'each page once');
    assert.equal(h.maxInFlight(), 1, 'never two requests at once');
    // Done within LOAD_ALL_FIRST_DRAW_MS: one redraw, at the end; 39 pages would otherwise be 39 or more.
    assert.equal(h.redraws() - before, 1);
    const children = await h.list.getChildren();
    assert.equal(children.length, 1000, 'every item and no status row');
  });

  it("builds each page's rows while the next page's request is out, each row once", async () => {
    builtAt.clear();
    builds = 0;
    const h = harness(10, 10, undefined, () => new Promise((resolve) => setTimeout(resolve, 2)));
    for (const n of await h.list.getChildren()) h.provider.getTreeItem(n);
    await h.list.loadAll();
    // Pages 2–9 (items 10–89) are built while a later page loads; only the last page waits for the final redraw.
    const ahead = [...builtAt.entries()].filter(([id, at]) => Number(id.split('/')[1]) >= 10 && at.loading).length;
    assert.equal(ahead, 80, `${ahead} of 90 rows built while a request was out`);
    assert.equal(builtAt.size, 90, 'the last page is built by the redraw');
    const children = await h.list.getChildren();
    for (const n of children) h.provider.getTreeItem(n);
    assert.equal(children.length, 100);
    assert.equal(builds, 100, 'the rows built ahead are the ones the provider answers with');
  });

  it('shows a loading row with the count while it runs, and redraws about once a second', async () => {
    const h = harness(10, 5, (page) => {
      h.clock.now += LOAD_ALL_REDRAW_MS / 2;
      if (page === 4) seen.push(lastRow(h));
    });
    const seen: Promise<TreeNode | undefined>[] = [];
    await h.list.getChildren();
    const before = h.redraws();
    const done = h.list.loadAll();
    const row = await lastRow(h);
    assert.ok(row instanceof LoadingAllNode, 'the loading row replaces Load more at once');
    const item = h.provider.getTreeItem(row);
    assert.equal(item.contextValue, 'loadingAll');
    assert.equal(item.label, 'Loading all numbers…');
    assert.equal(item.description, '5 numbers shown');
    assert.equal(item.command?.command, 'imageFootprint.stopLoading');
    await done;
    // 9 pages at half a redraw interval each: about one redraw every two pages, plus the first and the last.
    const redraws = h.redraws() - before;
    assert.ok(redraws >= 5 && redraws <= 7, `${redraws} redraws`);
    const midway = await seen[0];
    assert.ok(midway instanceof LoadingAllNode);
  });

  it('draws its loading row once it has taken a moment, and the list again when done', async () => {
    const h = harness(
      2,
      5,
      undefined,
      () => new Promise((resolve) => setTimeout(resolve, LOAD_ALL_FIRST_DRAW_MS + 100)),
    );
    await h.list.getChildren();
    const before = h.redraws();
    const done = h.list.loadAll();
    await new Promise((resolve) => setTimeout(resolve, LOAD_ALL_FIRST_DRAW_MS + 50));
    assert.equal(h.redraws() - before, 1, 'the "Loading all…" row is drawn while the page is out');
    assert.ok((await lastRow(h)) instanceof LoadingAllNode);
    await done;
    assert.equal(h.redraws() - before, 2);
    assert.equal(h.list.items.length, 10);
  });

  it('Load more draws the list once, when the page is here, not at the click as well', async () => {
    const h = harness(3, 5);
    await h.list.getChildren();
    const before = h.redraws();
    const loading = h.list.loadMore();
    assert.equal(h.redraws() - before, 0, 'nothing drawn at the click');
    await loading;
    assert.equal(h.redraws() - before, 1);
    assert.equal(h.list.items.length, 10);
  });

  it('stops when the loading row is clicked: what is shown stays, and Load more continues from there', async () => {
    const h = harness(100, 10, (page) => {
      if (page === 3) h.list.stopLoading();
    });
    await h.list.getChildren();
    await h.list.loadAll();
    // Page 3 was being answered when the stop came: it is cancelled, not added.
    assert.equal(h.list.items.length, 30);
    assert.equal(h.list.pager.state, 'more');
    const row = await lastRow(h);
    assert.ok(row instanceof LoadMoreNode, 'Load more again');
    assert.equal(h.provider.getTreeItem(row).description, '30 numbers shown');
    await h.list.loadMore();
    assert.equal(h.list.items.length, 40, 'the next page is the one that was cancelled');
    assert.deepEqual(h.requested.slice(-2), ['3', '3']);
  });

  it('stops at a failed page with the error row and Retry under the rows already loaded', async () => {
    let fail = true;
    const h = harness(10, 10, (page) => {
      if (page === 5 && fail) throw new Error('throttled');
    });
    await h.list.getChildren();
    await h.list.loadAll();
    assert.equal(h.list.items.length, 50);
    const row = await lastRow(h);
    assert.ok(row instanceof ErrorNode);
    assert.equal(h.provider.getTreeItem(row).contextValue, 'retryableError');
    fail = false;
    await h.list.loadAll();
    assert.equal(h.list.items.length, 100, 'Load All again continues from the failed page');
  });

  it('is dropped by a refresh: the list starts over and the old loop makes no more requests', async () => {
    const h = harness(100, 10, (page) => {
      if (page === 2) h.list.reset();
    });
    await h.list.getChildren();
    await h.list.loadAll();
    assert.equal(h.list.items.length, 0);
    assert.equal(h.list.pager.state, 'initial');
    assert.deepEqual(h.requested, ['', '1', '2']);
  });

  it('joins a Load All already running instead of starting a second one', async () => {
    const h = harness(20, 5);
    await h.list.getChildren();
    await Promise.all([h.list.loadAll(), h.list.loadAll(), h.list.loadMore()]);
    assert.equal(h.list.items.length, 100);
    assert.equal(new Set(h.requested).size, h.requested.length, 'no page twice');
  });

  it("shows Load more's, Load All's and Retry's work in the progress bar of the view the row is in", async () => {
    let fail = false;
    const h = harness(6, 5, () => {
      if (fail) throw new Error('throttled');
    });
    const view = { viewId: 'imageFootprint.clusters', owns: (n: TreeNode) => n.parent === h.owner, refresh: () => {} };
    const disposables = registerTreeCommands([view], {} as ErrorActions, () => undefined);
    try {
      await h.list.getChildren();
      standIn.progressShown.length = 0;
      await commands.executeCommand('imageFootprint.loadMore', await lastRow(h));
      assert.equal(h.list.items.length, 10);
      fail = true;
      await commands.executeCommand('imageFootprint.loadMore', await lastRow(h));
      const error = await lastRow(h);
      assert.ok(error instanceof ErrorNode);
      fail = false;
      await commands.executeCommand('imageFootprint.retry', error);
      assert.equal(h.list.items.length, 15);
      await commands.executeCommand('imageFootprint.loadAll', await lastRow(h));
      assert.equal(h.list.items.length, 30);
      assert.deepEqual(standIn.progressShown, Array(4).fill({ location: { viewId: 'imageFootprint.clusters' } }));
    } finally {
      for (const d of disposables) d.dispose();
    }
  });

  it('runs from the Load All command of a Load more row, and the loading row stops it', async () => {
    const disposables = registerTreeCommands([], {} as ErrorActions, () => undefined);
    try {
      const h = harness(50, 10, (page) => {
        if (page === 2) void commands.executeCommand('imageFootprint.stopLoading', shown.stopRow);
      });
      const shown: { stopRow?: TreeNode } = {};
      await h.list.getChildren();
      const more = await lastRow(h);
      const running = commands.executeCommand('imageFootprint.loadAll', more);
      shown.stopRow = await lastRow(h);
      assert.ok(shown.stopRow instanceof LoadingAllNode);
      await running;
      assert.equal(h.list.items.length, 20);
      assert.ok((await lastRow(h)) instanceof LoadMoreNode);
      // Anything else given to the commands does nothing.
      await commands.executeCommand('imageFootprint.loadAll', h.owner);
      await commands.executeCommand('imageFootprint.stopLoading', 'owner');
      assert.equal(h.list.items.length, 20);
    } finally {
      for (const d of disposables) d.dispose();
    }
  });
});
