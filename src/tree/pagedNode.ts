/**
 * A node whose children are one paged list: the one place that delegates `getChildren` and `reset` to the pager.
 * Subclasses say what to page (`paging()`, asked on first use); the pager stays private — callers read what is loaded
 * (`items`, `loadedNodes`) or ask `findOrLoad` to page on until a child turns up.
 */
import { TreeNode } from './node';
import { PagedChildren, type PagedChildrenOptions } from './pagedChildren';
import type { PagerState } from './pager';

export type PagingOptions<T> = Omit<PagedChildrenOptions<T>, 'owner'>;

export abstract class PagedNode<T> extends TreeNode {
  private paged: PagedChildren<T> | undefined;

  /** What to page and how to show it; asked once, when the children are first needed. */
  protected abstract paging(): PagingOptions<T>;

  private get children(): PagedChildren<T> {
    this.paged ??= new PagedChildren<T>({ ...this.paging(), owner: this });
    return this.paged;
  }

  override getChildren(): Promise<readonly TreeNode[]> {
    return this.children.getChildren();
  }

  override reset(): void {
    this.paged?.reset();
  }

  /** The items of the pages loaded so far (no request). */
  get items(): readonly T[] {
    return this.paged?.items ?? [];
  }

  /** The nodes made so far for loaded items (no request). */
  get loadedNodes(): readonly TreeNode[] {
    return this.paged?.loadedNodes ?? [];
  }

  get pagerState(): PagerState {
    return this.paged?.pager.state ?? 'initial';
  }

  get pagesLoaded(): number {
    return this.paged?.pager.pagesLoaded ?? 0;
  }

  /** Loads the first page unless one is loaded (or loading: the same request is shared). */
  loadFirstPage(): Promise<void> {
    return this.pagesLoaded === 0 ? this.children.pager.loadNext() : Promise.resolve();
  }

  /** The first child that matches, loading up to `maxPages` more pages until one does. */
  findOrLoad<N extends TreeNode>(predicate: (node: TreeNode) => node is N, maxPages: number): Promise<N | undefined> {
    return this.children.findOrLoad(predicate, maxPages);
  }
}
