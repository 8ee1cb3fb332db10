/**
 * Import first: from here on `require('vscode')` is the stand-in (test/support/vscodeStandIn.ts), for the real
 * `src` modules run through tsx. Importing it twice is harmless.
 */
import path from 'node:path';
import { redirectVscode } from './vscodeRedirect';

export const VSCODE_STAND_IN = path.join(__dirname, 'vscodeStandIn.ts');
redirectVscode(VSCODE_STAND_IN);
