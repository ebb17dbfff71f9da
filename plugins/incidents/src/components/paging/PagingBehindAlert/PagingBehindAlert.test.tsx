import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { EscalationEngineStatus } from '@lookout/plugin-incidents-common';
import { baseUrl, renderWithIncidents } from '../../../__testUtils__/testApp';
import { describeLag, PagingBehindAlert } from './PagingBehindAlert';

describe('PagingBehindAlert', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const serve = (status: Partial<EscalationEngineStatus>) => {
    let asked = 0;
    server.use(
      http.get(`${baseUrl}/escalation/engine`, () => {
        asked += 1;
        return HttpResponse.json({
          behind: false,
          lagMs: 0,
          dueSteps: 0,
          lateAfterMs: 2000,
          checkedAt: '2026-12-07T10:00:00.000Z',
          ...status,
        });
      }),
    );
    return () => asked;
  };

  it('warns how late pages are while the engine is behind', async () => {
    serve({ behind: true, lagMs: 300_000, dueSteps: 1 });
    await renderWithIncidents(<PagingBehindAlert />);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'the oldest escalation step that is due has waited 5 min (1 step waiting)',
    );
  });

  it('shows nothing while the engine keeps up', async () => {
    const asked = serve({ behind: false, lagMs: 800, dueSteps: 3 });
    await renderWithIncidents(<PagingBehindAlert />);
    await waitFor(() => expect(asked()).toBe(1));
    // let the answer reach the component before looking
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says seconds under a minute and a half, minutes above', () => {
    expect(describeLag(2400)).toBe('2 s');
    expect(describeLag(400)).toBe('1 s');
    expect(describeLag(89_000)).toBe('89 s');
    expect(describeLag(600_000)).toBe('10 min');
  });
});
