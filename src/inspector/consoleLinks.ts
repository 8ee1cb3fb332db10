/**
 * The ECR console page of an image: with a digest `…/ecr/repositories/private/<account>/<repository>/_/image/<digest>/details`,
 * otherwise the repository page (the console has no page per tag). Takes an `EcrImageRef` or the text of an image URI
 * or Inspector resource id. Built on `util/consoleLinks.ts` (same encoding rules); pure, no `vscode` import.
 */
import { consoleUrl, enc, encodeBetween } from '../util/consoleLinks';
import { parseEcrImage, type EcrImageRef } from './imageRef';

export function ecrImageConsoleUrl(image: EcrImageRef | string): string | undefined {
  let ref: EcrImageRef;
  if (typeof image === 'string') {
    const parsed = parseEcrImage(image);
    if (!parsed.ok) return undefined;
    ref = parsed.ref;
  } else {
    ref = image;
  }
  const base = `ecr/repositories/private/${enc(ref.accountId)}/${encodeBetween(ref.repository, /(\/)/)}`;
  const path = ref.digest !== undefined ? `${base}/_/image/${encodeBetween(ref.digest, /(:)/)}/details` : base;
  return consoleUrl(ref.partition, ref.region, path);
}
