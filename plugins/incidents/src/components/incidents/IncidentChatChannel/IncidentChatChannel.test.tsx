import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { baseUrl, renderWithIncidents } from '../../../__testUtils__/testApp';
import { IncidentChatChannel } from './IncidentChatChannel';

describe('IncidentChatChannel', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const user = userEvent.setup({ delay: null });

  it('links the incident’s channel', async () => {
    server.use(
      http.get(`${baseUrl}/chat/channels/INC-7`, () =>
        HttpResponse.json({
          channel: {
            id: 'C123',
            name: 'inc-7-checkout-latency',
            url: 'https://slack.com/app_redirect?channel=C123',
            archived: true,
          },
        }),
      ),
    );
    await renderWithIncidents(<IncidentChatChannel incidentId="INC-7" />);
    const link = (await screen.findByText('#inc-7-checkout-latency')).closest(
      'a',
    );
    expect(link).toHaveAttribute(
      'href',
      'https://slack.com/app_redirect?channel=C123',
    );
    expect(screen.getByText(/\(archived\)/)).toBeInTheDocument();
  });

  it('creates a channel on request and says so', async () => {
    const posted: string[] = [];
    server.use(
      http.get(`${baseUrl}/chat/channels/INC-8`, () =>
        HttpResponse.json({ channel: null }),
      ),
      http.post(`${baseUrl}/chat/channels/INC-8`, () => {
        posted.push('INC-8');
        return HttpResponse.json({ channel: null }, { status: 202 });
      }),
    );
    await renderWithIncidents(<IncidentChatChannel incidentId="INC-8" />);
    expect(await screen.findByText('No channel yet.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create channel' }));
    await waitFor(() => expect(posted).toEqual(['INC-8']));
    expect(
      await screen.findByText('The channel is on its way.'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Create channel' }),
    ).toBeDisabled();
  });

  it('shows the refusal when the channel cannot be asked for', async () => {
    server.use(
      http.get(`${baseUrl}/chat/channels/INC-9`, () =>
        HttpResponse.json({ channel: null }),
      ),
      http.post(`${baseUrl}/chat/channels/INC-9`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed: incident.read',
            },
          },
          { status: 403 },
        ),
      ),
    );
    await renderWithIncidents(<IncidentChatChannel incidentId="INC-9" />);
    await user.click(
      await screen.findByRole('button', { name: 'Create channel' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Not allowed: incident.read',
    );
  });

  it('shows nothing when the portal has no chat module', async () => {
    server.use(
      http.get(`${baseUrl}/chat/channels/INC-10`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'x' } },
          { status: 404 },
        ),
      ),
    );
    await renderWithIncidents(<IncidentChatChannel incidentId="INC-10" />);
    await new Promise(r => setTimeout(r, 100));
    expect(screen.queryByText('Chat')).not.toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
