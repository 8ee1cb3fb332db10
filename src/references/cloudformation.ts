/**
 * CloudFormation and SAM templates, YAML (short-form tags such as `!Sub` registered, see documents.ts) or JSON:
 *
 *   AWS::ECS::TaskDefinition       Properties.ContainerDefinitions[].Image
 *   AWS::Lambda::Function          Properties.Code.ImageUri
 *   AWS::Serverless::Function      Properties.ImageUri (SAM), and Globals.Function.ImageUri
 *   AWS::AppRunner::Service        Properties.SourceConfiguration.ImageRepository.ImageIdentifier
 *   AWS::Batch::JobDefinition      Properties.ContainerProperties.Image,
 *                                  Properties.NodeProperties.NodeRangeProperties[].Container.Image,
 *                                  Properties.EcsProperties.TaskProperties[].Containers[].Image,
 *                                  Properties.EksProperties.PodProperties.{Containers,InitContainers}[].Image
 *
 * A plain string is read as the image. `!Sub` / `Fn::Sub` without variables is read as its string; with variables
 * (`${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/…`), or any other function (`!Ref`, `!Join`, `!If`,
 * `!GetAtt`, `!ImportValue`, `!FindInMap`), the reference is unresolved and names the function: the value exists only
 * at deployment. Pure.
 */
import { entries, get, getPath, items, stringOf, type TreeNode } from './documents';
import { cloudFormationValue, type ExtractInput } from './common';
import type { ImageReference } from './model';

/** Whether a document is a CloudFormation template: `AWSTemplateFormatVersion`, or `Resources` with `Type`s. */
export function isCloudFormationTemplate(doc: TreeNode | undefined): boolean {
  if (doc?.type !== 'map') return false;
  if (get(doc, 'AWSTemplateFormatVersion') !== undefined) return true;
  const transform = stringOf(get(doc, 'Transform'));
  if (transform?.startsWith('AWS::Serverless')) return true;
  return entries(get(doc, 'Resources')).some(({ value }) =>
    /^(AWS|Alexa|Custom)::/.test(stringOf(get(value, 'Type')) ?? ''),
  );
}

export function extractCloudFormation(input: ExtractInput, documents: readonly TreeNode[]): ImageReference[] {
  const out: ImageReference[] = [];
  const add = (node: TreeNode | undefined, context: string): void => {
    const reference = cloudFormationValue(input, 'cloudformation', node, context);
    if (reference) out.push(reference);
  };
  for (const doc of documents) {
    if (!isCloudFormationTemplate(doc)) continue;
    add(getPath(doc, 'Globals', 'Function', 'ImageUri'), 'Globals.Function.ImageUri');
    for (const { key, value: resource } of entries(get(doc, 'Resources'))) {
      const type = stringOf(get(resource, 'Type'));
      const props = get(resource, 'Properties');
      const at = `Resources.${key}`;
      switch (type) {
        case 'AWS::ECS::TaskDefinition':
          items(get(props, 'ContainerDefinitions')).forEach((c, i) => {
            const name = stringOf(get(c, 'Name'));
            add(get(c, 'Image'), `${at} › ContainerDefinitions[${i}]${name ? ` ${name}` : ''}`);
          });
          break;
        case 'AWS::Lambda::Function':
          add(getPath(props, 'Code', 'ImageUri'), `${at} › Code.ImageUri`);
          break;
        case 'AWS::Serverless::Function':
          add(get(props, 'ImageUri'), `${at} › ImageUri`);
          break;
        case 'AWS::AppRunner::Service':
          add(
            getPath(props, 'SourceConfiguration', 'ImageRepository', 'ImageIdentifier'),
            `${at} › ImageRepository.ImageIdentifier`,
          );
          break;
        case 'AWS::Batch::JobDefinition': {
          add(getPath(props, 'ContainerProperties', 'Image'), `${at} › ContainerProperties.Image`);
          items(getPath(props, 'NodeProperties', 'NodeRangeProperties')).forEach((r, i) =>
            add(getPath(r, 'Container', 'Image'), `${at} › NodeRangeProperties[${i}].Container.Image`),
          );
          items(getPath(props, 'EcsProperties', 'TaskProperties')).forEach((t, i) =>
            items(get(t, 'Containers')).forEach((c, j) =>
              add(get(c, 'Image'), `${at} › TaskProperties[${i}].Containers[${j}]`),
            ),
          );
          // l10n-ignore: CloudFormation property names
          for (const list of ['Containers', 'InitContainers']) {
            items(getPath(props, 'EksProperties', 'PodProperties', list)).forEach((c, i) =>
              add(get(c, 'Image'), `${at} › PodProperties.${list}[${i}]`),
            );
          }
          break;
        }
        default:
          break;
      }
    }
  }
  return out;
}
