import type { AwsLayerModule } from './types';

export const createAwsApi: AwsLayerModule['createAwsApi'] = () => {
  throw new Error('not yet');
};
