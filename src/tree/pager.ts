/**
 * The one pager behind every paged list in the extension. A list supplies `loadPage(token, signal)`; the pager owns
 * the token, appends pages (what is shown stays as it is), refuses to fetch the same page twice when "Load more" is
 * clicked twice, cancels in-flight work on reset, stops with an error when the service hands back a token it already
 * returned, and keeps the error of a failed page so Retry continues from the same token. Pure: no `vscode` import.
 */

/** One page of a paged list (the tree's own type: `aws/types.ts`'s `Page` has the same shape). */
export interface Page<T> {
  readonly items: readonly T[];
  /** Token for the next page; undefined on the last page. */
  readonly nextToken?: string;
}

export type PageLoader<T> = (token: string | undefined, signal: AbortSignal) => Promise<Page<T>>;

export type PagerState =
  /** Nothing loaded yet. */
  | 'initial'
  | 'loading'
  /** At least one page loaded and the service returned a token. */
  | 'more'
  /** The last page is loaded. */
  | 'done'
  | 'error';

export class TokenLoopError extends Error {
  override readonly name = 'TokenLoopError';
  constructor(readonly token: string) {
    // l10n-ignore: never shown; aws/errors.ts turns it into the tokenLoop FootprintError with its own message
    super('The service returned a page token it had already returned, so paging stopped to avoid a loop.');
  }
}

export class Pager<T> {
  private readonly _items: T[] = [];
  private token: string | undefined;
  private readonly seenTokens = new Set<string>();
  private pages = 0;
  private _state: PagerState = 'initial';
  private _error: unknown;
  private inflight: Promise<void> | undefined;
  private controller: AbortController | undefined;
  /** Bumped by reset(): results of older loads are dropped, never mixed into the new list. */
  private generation = 0;

  constructor(
    private readonly loadPage: PageLoader<T>,
    private readonly onDidChange: () => void = () => undefined,
  ) {}

  get items(): readonly T[] {
    return this._items;
  }

  get state(): PagerState {
    return this._state;
  }

  /** The error of the last failed load (the thrown value, or a TokenLoopError); undefined unless state is 'error'. */
  get error(): unknown {
    return this._state === 'error' ? this._error : undefined;
  }

  get pagesLoaded(): number {
    return this.pages;
  }

  /** True when there is a next page to fetch (after a page with a token, or after a failed page). */
  get canLoadMore(): boolean {
    return this._state === 'initial' || this._state === 'more' || (this._state === 'error' && !this.isLoop);
  }

  private get isLoop(): boolean {
    return this._error instanceof TokenLoopError;
  }

  /**
   * Fetches the next page (or retries a failed one). While a load is in flight, every call returns that same
   * promise: a double click never fetches a page twice. Never rejects: failures become `state === 'error'`.
   */
  loadNext(): Promise<void> {
    if (this.inflight) return this.inflight;
    if (!this.canLoadMore) return Promise.resolve();
    const generation = this.generation;
    // One controller for the pages of a list until a reset or a cancel aborts it, not one per page: making one costs
    // more than the rest of a page's bookkeeping (Node 20), and the SDK removes its listener when each request ends
    // (checked for every fault and retry in test/aws/hostileLayer.test.ts).
    const controller = (this.controller ??= new AbortController());
    const requestToken = this.token;
    const previousState = this._state === 'error' ? (this.pages === 0 ? 'initial' : 'more') : this._state;
    this._state = 'loading';
    this._error = undefined;
    const run = async (): Promise<void> => {
      try {
        const page = await this.loadPage(requestToken, controller.signal);
        if (generation !== this.generation) return;
        for (const item of page.items) this._items.push(item);
        this.pages++;
        const next = page.nextToken || undefined;
        if (next !== undefined && (next === requestToken || this.seenTokens.has(next))) {
          this._error = new TokenLoopError(next);
          this._state = 'error';
          this.token = undefined;
          return;
        }
        if (requestToken !== undefined) this.seenTokens.add(requestToken);
        if (next !== undefined) this.seenTokens.add(next);
        this.token = next;
        this._state = next === undefined ? 'done' : 'more';
      } catch (err) {
        if (generation !== this.generation) return;
        if (controller.signal.aborted) {
          this._state = previousState;
          return;
        }
        this._error = err;
        this._state = 'error';
      } finally {
        if (generation === this.generation) {
          this.inflight = undefined;
          this.onDidChange();
        }
      }
    };
    this.inflight = run();
    return this.inflight;
  }

  /** Loads pages until the list is complete, an error stops it, or `maxPages` more pages were fetched. */
  async loadAll(maxPages = Number.POSITIVE_INFINITY): Promise<void> {
    for (let i = 0; i < maxPages && this.canLoadMore && this._state !== 'error'; i++) {
      await this.loadNext();
    }
  }

  /** Cancels any load in flight (its result is dropped) and forgets everything: the next loadNext starts over. */
  reset(): void {
    this.generation++;
    this.controller?.abort();
    this.controller = undefined;
    this.inflight = undefined;
    this._items.length = 0;
    this.token = undefined;
    this.seenTokens.clear();
    this.pages = 0;
    this._state = 'initial';
    this._error = undefined;
  }

  /** Cancels a load in flight without forgetting what is shown; the list can continue later. */
  cancel(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  dispose(): void {
    this.reset();
  }
}
