import { setMaxListeners } from 'node:events';

/**
 * An AbortController whose signal is shared by many waiters at once (every row's check of one execution, for
 * instance). Node warns at 11 `abort` listeners ("possible EventTarget memory leak"); here many is the design, and
 * each waiter removes its listener when it settles.
 */
export function sharedAbortController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
