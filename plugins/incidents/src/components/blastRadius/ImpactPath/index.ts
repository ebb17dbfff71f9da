export {
  ImpactPath,
  IMPACT_RELATION_LABELS,
  HIDDEN_ENTITY,
  formatImpactPath,
  shortRef,
} from './ImpactPath';
export type { ImpactPathProps } from './ImpactPath';
