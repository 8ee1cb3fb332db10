/**
 * The children of a paged node: the pager's items as nodes (made once per item and kept, so expanded rows stay
 * expanded when more pages arrive), then one status row — Load more, Loading, an error with Retry, or empty.
 */
import {
  ErrorNode,
  InfoNode,
  LoadingAllNode,
  LoadingNode,
  LoadMoreNode,
  wordsOfNoun,
  type Continuable,
  type ListWords,
  type LoadableList,
  type RowError,
} from './messageNodes';
import type { NotifyChange, TreeNode } from './node';
import { Pager, type PageLoader } from './pager';

export interface PagedChildrenOptions<T> {
  readonly owner: TreeNode;
  readonly loadPage: PageLoader<T>;
  readonly toNode: (item: T, index: number) => TreeNode;
  readonly notify: NotifyChange;
  /** The error row's model of a failed page. */
  readonly toError: (err: unknown) => PagedError;
  /**
   * What the status rows say about the items: whole translated sentences (`ListWords`), or a translated plural noun
   * ("clusters") that generic sentences take as an argument.
   */
  readonly noun: string | ListWords;
  /** Shown when the list is complete and empty (translated by the owner). */
  readonly emptyMessage: string;
  readonly emptyDetail?: string;
}

/** A failed page as a row. */
export interface PagedError extends RowError {
  /** `'invalidToken'` when the service rejected the page token: Retry then starts the list over. */
  readonly kind: string;
}

/**
 * While "Load All" runs, the list is drawn again at most this often (and once at the end), not after every page:
 * VS Code reads every child of a node again after each change of it, so drawing a long list page by page costs time
 * that grows with the square of its length. Often enough that a list loading for seconds visibly grows.
 */
export const LOAD_ALL_REDRAW_MS = 1000;
/** A Load All done within this is drawn once, when it is done; a longer one shows its "Loading all…" row from then on. */
export const LOAD_ALL_FIRST_DRAW_MS = 300;

/** A "Load All" in progress. Its own object, so that a reset (or a stop) can tell that a loop is no longer current. */
interface BulkLoad {
  stopped: boolean;
  done: Promise<void>;
}

export class PagedChildren<T> implements LoadableList {
  readonly pager: Pager<T>;
  private readonly nodes: TreeNode[] = [];
  /** The pager's last failure and what it became: turned into a row model (and logged) once, not per render. */
  private failure: { readonly thrown: unknown; readonly error: PagedError } | undefined;
  /** The last answer of `getChildren` and what it was made from. */
  private shown:
    | {
        readonly length: number;
        readonly pages: number;
        readonly state: string;
        readonly error: unknown;
        readonly bulk: BulkLoad | undefined;
        readonly children: readonly TreeNode[];
      }
    | undefined;

  private readonly words: ListWords;
  private bulk: BulkLoad | undefined;

  constructor(
    private readonly options: PagedChildrenOptions<T>,
    /** The clock of Load All's redraws (tests pass their own). */
    private readonly now: () => number = Date.now,
  ) {
    // Every page redraws the list, except during Load All, which redraws on its own schedule.
    this.pager = new Pager(options.loadPage, () => {
      if (!this.bulk) options.notify(options.owner);
    });
    this.words = typeof options.noun === 'string' ? wordsOfNoun(options.noun) : options.noun;
  }

  async getChildren(): Promise<readonly TreeNode[]> {
    const { pager, options } = this;
    // The first expand waits for the first page (VS Code shows its progress bar meanwhile). A refresh or a profile
    // switch during the wait drops that load: wait for the one that replaces it, so a row is always shown.
    for (let i = 0; i < 3 && pager.pagesLoaded === 0 && (pager.state === 'initial' || pager.state === 'loading'); i++) {
      await pager.loadNext();
    }
    const items = pager.items;
    // VS Code asks again after every change of the node (each "Load more"): while nothing changed, the same list
    // and the same trailing row (whose built row the provider keeps) are the answer, without another copy.
    const shown = this.shown;
    if (
      shown?.length === items.length &&
      shown.pages === pager.pagesLoaded &&
      shown.state === pager.state &&
      shown.error === pager.error &&
      shown.bulk === this.bulk
    ) {
      return shown.children;
    }
    this.makeNodes();
    const children: TreeNode[] = this.nodes.slice(0, items.length);
    switch (this.bulk && (pager.state === 'more' || pager.state === 'loading') ? 'bulk' : pager.state) {
      case 'bulk':
        children.push(new LoadingAllNode(options.owner, this, items.length, this.words));
        break;
      case 'more':
        children.push(new LoadMoreNode(options.owner, this, items.length, this.words));
        break;
      case 'loading':
        children.push(new LoadingNode(options.owner, this.words.loadingMore()));
        break;
      case 'error': {
        const error = this.errorOf(pager.error);
        // A token the service rejects will be rejected again: Retry starts the list over instead.
        const retry: Continuable = error.kind === 'invalidToken' ? { loadMore: () => this.restart() } : this;
        children.push(new ErrorNode(options.owner, error, pager.canLoadMore ? retry : undefined));
        break;
      }
      case 'done':
        if (items.length === 0) {
          children.push(
            new InfoNode(options.owner, {
              label: options.emptyMessage,
              detail: options.emptyDetail,
              idSuffix: '$empty',
            }),
          );
        }
        break;
      case 'initial':
        break;
    }
    this.shown = {
      length: items.length,
      pages: pager.pagesLoaded,
      state: pager.state,
      error: pager.error,
      bulk: this.bulk,
      children,
    };
    return children;
  }

  /**
   * "Load more" and Retry: the list is drawn once, when the page is here (or has failed); meanwhile its rows stay as
   * they are and the view's progress bar runs (`imageFootprint.loadMore` in ui/treeCommands.ts). No "Loading more…"
   * row at the click: VS Code's extension host holds a tree change that comes within 200 ms of the one before until
   * 200 ms after it, so a page that arrives quickly would be drawn 200 ms late. Never fetches a page twice.
   */
  loadMore(): Promise<void> {
    return this.pager.loadNext();
  }

  /**
   * "Load All": every remaining page, one request after another (never two at once), drawn about once a second and
   * at the end instead of after each page. Stops at the last page, at a failed page (its error row shows, with
   * Retry, under everything loaded so far), when the user clicks the loading row (`stopLoading`), or on a refresh.
   * A second call while it runs joins it.
   */
  loadAll(): Promise<void> {
    if (this.bulk) return this.bulk.done;
    const bulk: BulkLoad = { stopped: false, done: Promise.resolve() };
    this.bulk = bulk;
    bulk.done = this.runLoadAll(bulk);
    return bulk.done;
  }

  private async runLoadAll(bulk: BulkLoad): Promise<void> {
    const { pager, options } = this;
    const current = (): boolean => this.bulk === bulk && !bulk.stopped;
    // The "Loading all…" row (which stops it) is drawn once the load has taken a moment: a list that is complete by
    // then is drawn once, at once (see loadMore about VS Code holding changes that follow each other closely).
    const started = this.now();
    let drawnAt: number | undefined;
    const draw = (): void => {
      drawnAt = this.now();
      options.notify(options.owner);
    };
    const firstDraw = setTimeout(() => {
      if (current() && drawnAt === undefined) draw();
    }, LOAD_ALL_FIRST_DRAW_MS);
    try {
      // From a failed page (Load All again), the first request retries it; a failure during the run stops it.
      while (current() && pager.canLoadMore) {
        const page = pager.loadNext();
        // While the request is out (written once the SDK's promise chain has run: one turn of the event loop), the
        // pages already here get their nodes and rows, built as VS Code's next read would: on a machine with a core
        // to spare, that work overlaps the wait for the answer instead of adding to the whole list's time (500
        // resources: 1.01–1.04× the SDK paginator instead of 1.04–1.05×, BENCHMARKS.md). On a machine whose cores
        // are all busy it overlaps nothing, and the extra turn of the event loop per page costs a little.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (current()) this.prepareLoaded();
        await page;
        if (pager.state === 'error' || !current()) break;
        const now = this.now();
        if (drawnAt === undefined ? now - started >= LOAD_ALL_FIRST_DRAW_MS : now - drawnAt >= LOAD_ALL_REDRAW_MS) {
          draw();
        }
      }
    } finally {
      clearTimeout(firstDraw);
      if (this.bulk === bulk) {
        this.bulk = undefined;
        options.notify(options.owner);
      }
    }
  }

  /** Makes the nodes of loaded items that have none yet (in order, kept); returns the index of the first new one. */
  private makeNodes(): number {
    const items = this.pager.items;
    const from = this.nodes.length;
    for (let i = from; i < items.length; i++) this.nodes.push(this.options.toNode(items[i] as T, i));
    return from;
  }

  /** Load All, while a request is out: nodes and rows for the items that arrived since the last time. */
  private prepareLoaded(): void {
    const from = this.makeNodes();
    if (from < this.nodes.length) this.options.notify.prepare?.(this.nodes.slice(from));
  }

  /** Stops a Load All: the page in flight is cancelled, what is shown stays, and Load more continues from there. */
  stopLoading(): void {
    if (!this.bulk) return;
    this.bulk.stopped = true;
    this.pager.cancel();
  }

  /** Forgets every page and loads the first one again (Retry after a rejected page token). */
  restart(): Promise<void> {
    this.reset();
    return this.loadMore();
  }

  private errorOf(thrown: unknown): PagedError {
    const known = this.failure;
    if (known !== undefined && known.thrown === thrown) return known.error;
    const error = this.options.toError(thrown);
    this.failure = { thrown, error };
    return error;
  }

  /** The first child that matches, loading up to `maxPages` more pages until one does (or the list ends or fails). */
  async findOrLoad<N extends TreeNode>(
    predicate: (node: TreeNode) => node is N,
    maxPages: number,
  ): Promise<N | undefined> {
    for (let pages = 0; ; pages++) {
      await this.getChildren();
      const found = this.nodes.find(predicate);
      if (found || pages >= maxPages || !this.pager.canLoadMore || this.pager.state === 'error') return found;
      await this.pager.loadNext();
    }
  }

  /** The nodes made so far for loaded items (no request). */
  get loadedNodes(): readonly TreeNode[] {
    return this.nodes;
  }

  get items(): readonly T[] {
    return this.pager.items;
  }

  reset(): void {
    this.bulk = undefined;
    this.pager.reset();
    this.nodes.length = 0;
    this.failure = undefined;
    this.shown = undefined;
  }
}
