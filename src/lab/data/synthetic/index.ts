/** Public API of the synthetic face dataset. */
export * from './config';
export {
  configFromJson,
  configFromSearchParams,
  configToJson,
  configToSearchParams,
  canonicalConfigString,
} from './url';
export {
  createIdentities,
  HAIR_STYLES,
  identityName,
  type FaceShape,
  type HairStyle,
  type Identity,
} from './identities';
export { expressionDistribution, sampleLabels, type SyntheticLabels } from './labels';
export { SyntheticRenderer } from './render';
export {
  emptyShard,
  labelRange,
  planSyntheticDataset,
  renderImageRange,
  renderSyntheticImages,
  shardCount,
  SYNTHETIC_SPLIT_BY,
  SYNTHETIC_TARGETS,
  syntheticAttributes,
  syntheticShards,
  type SyntheticImages,
  type SyntheticPlan,
} from './images';
export {
  generateSyntheticDataset,
  syntheticDatasetId,
  syntheticManifest,
  type GenerateOptions,
} from './generate';
export { biasDescription, isNeutral, legacySyntheticDatasetName, syntheticDatasetName } from './naming';
