import { screen, within } from '@testing-library/react';
import {
  eventFixture as event,
  renderWithIncidents,
} from '../../../__testUtils__/testApp';
import { IncidentTimeline } from './IncidentTimeline';

describe('IncidentTimeline', () => {
  it('reads every event type as a sentence after its actor', async () => {
    await renderWithIncidents(
      <IncidentTimeline
        events={[
          event({
            type: 'severity_changed',
            at: '2026-11-01T10:01:00Z',
            data: { from: 'SEV3', to: 'SEV1' },
          }),
          event({
            type: 'updated',
            at: '2026-11-01T10:02:00Z',
            data: { fields: ['title', 'customerImpact'] },
          }),
          event({
            type: 'acknowledged',
            at: '2026-11-01T10:03:00Z',
            actor: 'user:default/bob',
          }),
          event({
            type: 'role_assigned',
            at: '2026-11-01T10:04:00Z',
            data: { role: 'scribe', userRef: null },
          }),
          event({
            type: 'merged',
            at: '2026-11-01T10:05:00Z',
            data: { from: 'INC-8' },
          }),
          event({
            type: 'merged',
            at: '2026-11-01T10:06:00Z',
            data: { into: 'INC-2' },
          }),
          event({
            type: 'page_sent',
            at: '2026-11-01T10:07:00Z',
            actor: 'service:plugin:incidents',
            data: {
              userRef: 'user:default/carol',
              level: 1,
              reason: 'on call for Payments primary',
            },
          }),
          event({
            type: 'some_future_event' as never,
            at: '2026-11-01T10:07:30Z',
            actor: 'Lookout',
          }),
          event({
            type: 'alert_attached',
            at: '2026-11-01T10:08:00Z',
            actor: 'integration:ca6e1622-d07d-4c02-ad5f-323ac52f0bba',
            data: { summary: 'Payments 5xx above 10%' },
          }),
          event({
            type: 'blast_radius',
            at: '2026-11-01T10:09:00Z',
            actor: 'service:plugin:incidents',
            data: { total: 23, owners: ['group:default/payments-team'] },
          }),
        ]}
      />,
    );

    const lines = within(await screen.findByRole('list', { name: 'Timeline' }))
      .getAllByRole('listitem')
      .map(item => item.firstElementChild?.firstElementChild?.textContent);
    expect(lines).toEqual([
      'alice changed severity from SEV3 to SEV1',
      'alice updated title, customerImpact',
      'bob acknowledged the incident',
      'alice left scribe unassigned',
      'alice merged INC-8 into this incident',
      'alice merged this incident into INC-2',
      'Lookout paged carol (level 1): on call for Payments primary',
      'Lookout some future event',
      'an alert integration attached the alert Payments 5xx above 10%',
      'Lookout recorded the blast radius: 23 entities impacted, 1 team to tell',
    ]);
    // only catalog users and groups are links; an integration has no page
    expect(
      screen.queryByRole('link', { name: /integration/ }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'INC-8' })).toHaveAttribute(
      'href',
      '/incidents/INC-8',
    );
  });

  it('says when nothing has happened', async () => {
    await renderWithIncidents(<IncidentTimeline events={[]} />);
    expect(
      await screen.findByText('Nothing has happened yet.'),
    ).toBeInTheDocument();
  });
});
