import * as assert from 'node:assert/strict';
import type { Page } from '../../src/aws/types';
import { Pager, TokenLoopError } from '../../src/tree/pager';

/** A scripted loader: each call takes the next response; records the tokens it was called with. */
function scripted(responses: (Page<number> | Error | (() => Promise<Page<number>>))[]) {
  const calls: (string | undefined)[] = [];
  const signals: AbortSignal[] = [];
  const loader = async (token: string | undefined, signal: AbortSignal): Promise<Page<number>> => {
    calls.push(token);
    signals.push(signal);
    const next = responses.shift();
    if (next === undefined) throw new Error('unexpected call');
    if (next instanceof Error) throw next;
    if (typeof next === 'function') return next();
    return next;
  };
  return { loader, calls, signals };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Pager', () => {
  it('appends pages, passes the previous token, and stops on the last page', async () => {
    const { loader, calls } = scripted([
      { items: [1, 2], nextToken: 'a' },
      { items: [], nextToken: 'b' }, // a short (empty) page that still carries a token
      { items: [3] },
    ]);
    let changes = 0;
    const pager = new Pager(loader, () => changes++);
    assert.equal(pager.state, 'initial');
    await pager.loadNext();
    assert.deepEqual(pager.items, [1, 2]);
    assert.equal(pager.state, 'more');
    await pager.loadNext();
    assert.equal(pager.state, 'more');
    await pager.loadNext();
    assert.deepEqual(pager.items, [1, 2, 3]);
    assert.equal(pager.state, 'done');
    assert.equal(pager.canLoadMore, false);
    await pager.loadNext();
    assert.deepEqual(calls, [undefined, 'a', 'b']);
    assert.equal(changes, 3);
  });

  it('treats an empty-string token as the end, like the SDK paginators', async () => {
    const { loader } = scripted([{ items: [1], nextToken: '' }]);
    const pager = new Pager(loader);
    await pager.loadNext();
    assert.equal(pager.state, 'done');
  });

  it('fetches a page once when "Load more" is clicked twice', async () => {
    const gate = deferred<Page<number>>();
    const { loader, calls } = scripted([() => gate.promise]);
    const pager = new Pager(loader);
    const first = pager.loadNext();
    const second = pager.loadNext();
    assert.equal(first, second);
    assert.equal(pager.state, 'loading');
    gate.resolve({ items: [7] });
    await Promise.all([first, second]);
    assert.equal(calls.length, 1);
    assert.deepEqual(pager.items, [7]);
  });

  it('keeps shown pages on error and retries from the same token', async () => {
    const boom = new Error('throttled');
    const { loader, calls } = scripted([{ items: [1], nextToken: 't1' }, boom, { items: [2] }]);
    const pager = new Pager(loader);
    await pager.loadNext();
    await pager.loadNext();
    assert.equal(pager.state, 'error');
    assert.equal(pager.error, boom);
    assert.deepEqual(pager.items, [1]);
    assert.equal(pager.canLoadMore, true);
    await pager.loadNext();
    assert.equal(pager.state, 'done');
    assert.deepEqual(pager.items, [1, 2]);
    assert.deepEqual(calls, [undefined, 't1', 't1']);
  });

  it('an error on the first page leaves no items and can be retried', async () => {
    const { loader } = scripted([new Error('denied'), { items: [5] }]);
    const pager = new Pager(loader);
    await pager.loadNext();
    assert.equal(pager.state, 'error');
    assert.deepEqual(pager.items, []);
    await pager.loadNext();
    assert.deepEqual(pager.items, [5]);
  });

  it('stops with a TokenLoopError when the service returns the same token again', async () => {
    const { loader, calls } = scripted([
      { items: [1], nextToken: 'x' },
      { items: [2], nextToken: 'x' },
    ]);
    const pager = new Pager(loader);
    await pager.loadNext();
    await pager.loadNext();
    assert.equal(pager.state, 'error');
    assert.ok(pager.error instanceof TokenLoopError);
    assert.deepEqual(pager.items, [1, 2]);
    assert.equal(pager.canLoadMore, false);
    await pager.loadNext();
    assert.equal(calls.length, 2, 'no request after a loop is detected');
  });

  it('detects a loop back to an older token', async () => {
    const { loader } = scripted([
      { items: [1], nextToken: 'a' },
      { items: [2], nextToken: 'b' },
      { items: [3], nextToken: 'a' },
    ]);
    const pager = new Pager(loader);
    await pager.loadAll();
    assert.ok(pager.error instanceof TokenLoopError);
    assert.equal(pager.pagesLoaded, 3);
  });

  it('reset cancels the load in flight and drops its result', async () => {
    const gate = deferred<Page<number>>();
    const { loader, signals } = scripted([() => gate.promise, { items: [9] }]);
    let changes = 0;
    const pager = new Pager(loader, () => changes++);
    const loading = pager.loadNext();
    pager.reset();
    assert.equal(signals[0]?.aborted, true);
    gate.resolve({ items: [1, 2, 3], nextToken: 'late' });
    await loading;
    assert.deepEqual(pager.items, []);
    assert.equal(pager.state, 'initial');
    assert.equal(changes, 0, 'a dropped result does not notify');
    await pager.loadNext();
    assert.deepEqual(pager.items, [9]);
  });

  it('cancel keeps what is shown and returns to the previous state', async () => {
    const { loader } = scripted([
      { items: [1], nextToken: 'n' },
      (): Promise<Page<number>> =>
        new Promise((_, reject) =>
          setTimeout(() => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })), 5),
        ),
    ]);
    const pager = new Pager(loader);
    await pager.loadNext();
    const second = pager.loadNext();
    pager.cancel();
    await second;
    assert.equal(pager.state, 'more');
    assert.deepEqual(pager.items, [1]);
  });

  it('the pages of a list share one signal until a cancel or a reset aborts it; the next page gets a fresh one', async () => {
    const pages: Page<number>[] = [];
    for (let i = 0; i < 6; i++) pages.push({ items: [i], nextToken: `t${i}` });
    const { loader, signals } = scripted(pages);
    const pager = new Pager(loader);
    await pager.loadNext();
    await pager.loadNext();
    assert.equal(signals[1], signals[0], 'one signal for consecutive pages');
    pager.cancel();
    assert.equal(signals[0]?.aborted, true, 'cancel aborts the shared signal');
    await pager.loadNext();
    assert.notEqual(signals[2], signals[0], 'a page after a cancel is not born aborted');
    assert.equal(signals[2]?.aborted, false);
    await pager.loadNext();
    assert.equal(signals[3], signals[2]);
    pager.reset();
    assert.equal(signals[2]?.aborted, true, 'reset aborts it');
    await pager.loadNext();
    assert.equal(signals[4]?.aborted, false, 'the first page after a reset has a live signal');
    assert.deepEqual(pager.items, [4]);
  });

  it('loadAll follows every page', async () => {
    const pages: Page<number>[] = [];
    for (let i = 0; i < 10; i++) pages.push({ items: [i], nextToken: i < 9 ? `t${i}` : undefined });
    const { loader, calls } = scripted(pages);
    const pager = new Pager(loader);
    await pager.loadAll();
    assert.equal(pager.items.length, 10);
    assert.equal(calls.length, 10);
  });
});
