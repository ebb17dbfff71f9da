import { useSearchParams } from 'react-router-dom';
import { IncidentsLayout } from '../../shared/IncidentsLayout';
import { InsightsDashboard } from '../InsightsDashboard';

/** The Insights tab of the global page; `?groupRef=` (the digest's link) starts on a team. */
export function InsightsPage() {
  const [search] = useSearchParams();
  return (
    <IncidentsLayout
      selected="insights"
      subtitle="How fast we respond and resolve, who gets woken, what keeps failing"
    >
      <InsightsDashboard
        initialGroupRef={search.get('groupRef') ?? undefined}
      />
    </IncidentsLayout>
  );
}
