import { parse } from '../../lib/validation';
import { fromFreshdesk, freshdeskSchema } from './freshdesk';
import { fromIntercom, intercomSchema } from './intercom';
import { fromZendesk, zendeskSchema } from './zendesk';

const NOW = '2026-12-01T10:00:00.000Z';

describe('helpdesk bodies', () => {
  it('reads a Zendesk trigger webhook body, with its placeholders filled or left empty', () => {
    const body = {
      ticket: {
        id: 35436,
        title: 'Payments fail',
        description: 'Cards are declined',
        url: 'acme.zendesk.com/agent/tickets/35436',
        status: 'Open',
        tags: 'enterprise payments',
        requester: { email: 'ann@acme.test', name: 'Ann' },
        organization: 'Acme',
        product: '{{ticket.ticket_field_360001}}',
        updated_at: '2026-12-01T09:58:00Z',
      },
    };
    const raw = Buffer.from(JSON.stringify(body));
    expect(fromZendesk(parse(zendeskSchema, body), raw, NOW)).toEqual({
      eventKey: expect.stringMatching(/^sha256:/),
      ticketId: '35436',
      ticketUrl: 'acme.zendesk.com/agent/tickets/35436',
      subject: 'Payments fail',
      description: 'Cards are declined',
      requester: 'ann@acme.test',
      organization: 'Acme',
      product: null,
      tags: ['enterprise', 'payments'],
      ticketStatus: 'open',
      eventAt: '2026-12-01T09:58:00.000Z',
    });
  });

  it('ignores Zendesk events that are not about tickets', () => {
    const body = {
      type: 'zen:event-type:user.active_changed',
      id: '2b24ef10',
      detail: { id: '6596848315901' },
    };
    expect(
      fromZendesk(parse(zendeskSchema, body), Buffer.from('{}'), NOW),
    ).toBeNull();
  });

  it('reads an Intercom ticket notification and its attributes', () => {
    const body = {
      type: 'notification_event',
      id: 'notif_1',
      topic: 'ticket.created',
      created_at: 1764583200,
      data: {
        item: {
          type: 'ticket',
          id: '77',
          ticket_state: 'submitted',
          ticket_attributes: {
            _default_title_: 'Search broken',
            _default_description_: 'No results',
            Product: 'Search',
          },
          contacts: { contacts: [{ id: 'c1', email: 'bob@globex.test' }] },
          company: { name: 'Globex' },
        },
      },
    };
    expect(fromIntercom(parse(intercomSchema, body), NOW)).toMatchObject({
      eventKey: 'notification:notif_1',
      ticketId: '77',
      subject: 'Search broken',
      description: 'No results',
      requester: 'bob@globex.test',
      organization: 'Globex',
      product: 'Search',
      ticketStatus: 'submitted',
      eventAt: '2025-12-01T10:00:00.000Z',
    });
  });

  it('says what is wrong with an Intercom conversation that has no id', () => {
    const body = {
      type: 'notification_event',
      id: 'notif_2',
      topic: 'conversation.user.created',
      data: { item: { type: 'conversation' } },
    };
    expect(() => fromIntercom(parse(intercomSchema, body), NOW)).toThrow(/id/);
  });

  it('reads Freshdesk fields at the top as well as inside freshdesk_webhook', () => {
    const fields = { ticket_id: 9, ticket_subject: 'Slow', ticket_tags: 'a,b' };
    const a = fromFreshdesk(
      parse(freshdeskSchema, fields),
      Buffer.from('x'),
      NOW,
    );
    const b = fromFreshdesk(
      parse(freshdeskSchema, { freshdesk_webhook: fields }),
      Buffer.from('y'),
      NOW,
    );
    expect(a).toMatchObject({
      ticketId: '9',
      subject: 'Slow',
      tags: ['a', 'b'],
    });
    expect(b).toMatchObject({
      ticketId: '9',
      subject: 'Slow',
      tags: ['a', 'b'],
    });
    expect(a.eventKey).not.toBe(b.eventKey);
  });
});
