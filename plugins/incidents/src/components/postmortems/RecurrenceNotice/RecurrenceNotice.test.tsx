import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { baseUrl, renderWithIncidents } from '../../../__testUtils__/testApp';
import { postmortemSummaryFixture } from '../../../__testUtils__/fixtures';
import { RecurrenceNotice } from './RecurrenceNotice';

describe('RecurrenceNotice', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('says this happened before and links the earlier postmortem', async () => {
    server.use(
      http.get(`${baseUrl}/postmortems/recurrence`, ({ request }) =>
        HttpResponse.json({
          items:
            new URL(request.url).searchParams.get('incidentId') === 'INC-9'
              ? [
                  {
                    postmortem: postmortemSummaryFixture({
                      causeCategory: 'bad-deploy',
                    }),
                    match: 'cause',
                  },
                ]
              : [],
        }),
      ),
    );
    await renderWithIncidents(<RecurrenceNotice incidentId="INC-9" />);
    expect(await screen.findByText('This happened before')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Postmortem: Checkout returns 500s' }),
    ).toHaveAttribute('href', '/incidents/postmortems/pm-1');
    expect(screen.getByText(/bad-deploy, same cause/)).toBeInTheDocument();
  });
});
