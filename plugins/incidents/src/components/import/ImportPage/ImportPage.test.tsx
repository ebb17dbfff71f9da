import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ImportPlan } from '@lookout/plugin-incidents-common';
import { ImportApi, importApiRef } from '../../../api/import';
import { rootRouteRef } from '../../../routes';
import { ImportPage } from './ImportPage';

const plan = (mode: 'plan' | 'apply'): ImportPlan => ({
  vendor: 'pagerduty',
  mode,
  apiUrl: 'http://127.0.0.1:9999',
  generatedAt: '2027-03-01T00:00:00.000Z',
  objects: [
    {
      kind: 'schedule',
      vendorId: 'PS1',
      name: 'Checkout primary',
      action: mode === 'plan' ? 'create' : 'create',
      target: mode === 'apply' ? 'a1b2' : undefined,
      exact: true,
      notExact: [],
      fidelity: {
        from: '2027-03-01T00:00:00.000Z',
        to: '2027-04-26T00:00:00.000Z',
        minutes: 80640,
        matchingMinutes: 80640,
        matchPercent: 100,
        mismatches: [],
      },
    },
    {
      kind: 'escalation_policy',
      vendorId: 'PP2',
      name: 'Payments escalation',
      action: 'create',
      exact: false,
      notExact: ['timing: page 3 differs'],
    },
    {
      kind: 'schedule',
      vendorId: 'PS5',
      name: 'Has a stranger',
      action: 'skip',
      reason: 'members not in the catalog: ghost@elsewhere.test',
      exact: false,
      notExact: [],
    },
  ],
  summary: {
    planned: 3,
    imported: mode === 'apply' ? 2 : 0,
    skipped: 1,
    unchanged: 0,
    fidelity: { 'Checkout primary (PS1)': 100 },
  },
});

jest.setTimeout(90_000);

describe('ImportPage', () => {
  const user = userEvent.setup({ delay: null });

  it('runs a dry run with the pasted token, then applies after asking', async () => {
    const calls: Array<[string, unknown]> = [];
    const api: ImportApi = {
      plan: async (vendor, request) => {
        calls.push([`plan ${vendor}`, request]);
        return plan('plan');
      },
      apply: async (vendor, request) => {
        calls.push([`apply ${vendor}`, request]);
        return plan('apply');
      },
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [importApiRef, api],
          [
            permissionApiRef,
            { authorize: async () => ({ result: AuthorizeResult.ALLOW }) },
          ],
        ]}
      >
        <ImportPage />
      </TestApiProvider>,
      {
        mountedRoutes: { '/incidents': rootRouteRef },
      },
    );

    const apply = screen.getByRole('button', { name: 'Apply' });
    expect(apply).toBeDisabled();
    await user.type(screen.getByLabelText('API token'), 'pd-secret');
    await user.type(screen.getByLabelText('API URL'), 'http://127.0.0.1:9999');
    await user.click(screen.getByRole('button', { name: 'Dry run' }));

    const schedule = within(
      await screen.findByRole('row', { name: /Checkout primary/ }),
    );
    expect(schedule.getByText('100% match')).toBeInTheDocument();
    expect(
      screen.getByText('Not exact: timing: page 3 differs'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('members not in the catalog: ghost@elsewhere.test'),
    ).toBeInTheDocument();
    expect(screen.getByText('0 imported')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Apply' }));
    const dialog = within(screen.getByRole('dialog'));
    await user.click(dialog.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('2 imported')).toBeInTheDocument();
    expect(calls).toEqual([
      [
        'plan pagerduty',
        { apiUrl: 'http://127.0.0.1:9999', token: 'pd-secret' },
      ],
      [
        'apply pagerduty',
        { apiUrl: 'http://127.0.0.1:9999', token: 'pd-secret' },
      ],
    ]);
  });
});
