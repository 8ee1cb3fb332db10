/**
 * The SDK's partition table: every partition with its regions and their names ("Asia Pacific (New Zealand)"). It is
 * `partitions.json` of `@aws-sdk/util-endpoints`, which now lives in `@aws-sdk/core`; the package exports
 * `partition(region)` but not the table itself, and the region picker needs every region. Its `exports` map hides the
 * file, so it is imported by path (esbuild bundles it into `dist/awsConfig.js`; tests load it through tsx). The
 * types are the SDK's own declaration of the same file.
 */
import type { partitionsInfo as SdkPartitionsInfo } from '../../../node_modules/@aws-sdk/core/dist-types/submodules/client/util-endpoints/lib/aws/partitions';
// @ts-expect-error -- plain JavaScript; its declaration is the type import above.
import { partitionsInfo as table } from '../../../node_modules/@aws-sdk/core/dist-es/submodules/client/util-endpoints/lib/aws/partitions.js';

export const partitionsInfo: typeof SdkPartitionsInfo = table as typeof SdkPartitionsInfo;
