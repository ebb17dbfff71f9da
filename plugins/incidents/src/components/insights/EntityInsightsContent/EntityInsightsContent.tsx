import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { InsightsDashboard } from '../InsightsDashboard';

/**
 * The Insights tab of a team, system or domain: a team's figures cover its sub-teams and
 * what they own; a system's or domain's cover their parts.
 */
export function EntityInsightsContent() {
  const { entity } = useEntity();
  const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  return entity.kind.toLocaleLowerCase('en-US') === 'group' ? (
    <InsightsDashboard groupRef={ref} />
  ) : (
    <InsightsDashboard entityRef={ref} />
  );
}
