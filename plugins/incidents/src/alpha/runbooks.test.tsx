import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import plugin from './plugin';

const of = (kind: string, annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', annotations },
});

describe('runbooks in the new frontend system', () => {
  it('offers the Runbooks tab on incident kinds and on any entity that names runbooks', () => {
    expect(plugin.getExtension('api:incidents/runbooks')).toBeDefined();
    const tab = createExtensionTester(
      plugin.getExtension('entity-content:incidents/runbooks'),
    );
    expect(tab.get(coreExtensionData.routePath)).toBe('/runbooks');
    expect(tab.get(EntityContentBlueprint.dataRefs.title)).toBe('Runbooks');
    const filter = tab.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(of('Component'))).toBe(true);
    expect(filter(of('Resource'))).toBe(true);
    expect(filter(of('Group'))).toBe(false);
    expect(
      filter(of('Group', { 'lookout.dev/runbooks': './runbooks/oncall.md' })),
    ).toBe(true);
  });

  it('renders lookout-runbook search results, and only those', () => {
    const item = createExtensionTester(
      plugin.getExtension('search-result-list-item:incidents/runbook'),
    ).get(SearchResultListItemBlueprint.dataRefs.item);
    const result = (type: string) => ({
      type,
      document: { title: 't', text: '', location: '/' },
    });
    expect(item.predicate!(result('lookout-runbook'))).toBe(true);
    expect(item.predicate!(result('software-catalog'))).toBe(false);

    const type = createExtensionTester(
      plugin.getExtension('search-filter-result-type:incidents/runbooks'),
    ).get(SearchFilterResultTypeBlueprint.dataRefs.resultType);
    expect(type).toMatchObject({ value: 'lookout-runbook', name: 'Runbooks' });
  });
});
