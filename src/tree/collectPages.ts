/**
 * Every page of a paged list, for an export: the one pager (its token handling and its guard against a service that
 * hands back a token it already returned) driven to the end, with progress after each page and cancellation through
 * an AbortSignal that aborts the request in flight. Pure: no `vscode` import.
 */
import { Pager, type PageLoader } from './pager';

export type Collected<T> = { readonly kind: 'done'; readonly items: readonly T[] } | { readonly kind: 'cancelled' };

export interface CollectOptions {
  /** Aborts the request in flight and stops: the result is `{ kind: 'cancelled' }`. */
  readonly signal?: AbortSignal;
  /** After each page: how many items and pages have arrived so far. */
  readonly onPage?: (progress: { readonly items: number; readonly pages: number }) => void;
}

/**
 * Loads pages until the last one. A failed page rejects with what `loadPage` threw (or a TokenLoopError): an export
 * is all or nothing, so a half list is never written as if it were complete.
 */
export async function collectAllPages<T>(loadPage: PageLoader<T>, options: CollectOptions = {}): Promise<Collected<T>> {
  const { signal, onPage } = options;
  const pager = new Pager<T>(loadPage);
  const cancel = (): void => pager.cancel();
  signal?.addEventListener('abort', cancel);
  try {
    while (pager.canLoadMore) {
      if (signal?.aborted) return { kind: 'cancelled' };
      await pager.loadNext();
      if (signal?.aborted) return { kind: 'cancelled' };
      if (pager.state === 'error') throw pager.error;
      onPage?.({ items: pager.items.length, pages: pager.pagesLoaded });
    }
    if (pager.state === 'error') throw pager.error;
    return { kind: 'done', items: [...pager.items] };
  } finally {
    signal?.removeEventListener('abort', cancel);
    pager.dispose();
  }
}
