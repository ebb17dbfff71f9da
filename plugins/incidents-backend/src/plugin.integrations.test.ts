import { mockCredentials } from '@backstage/backend-test-utils';
import {
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Incident } from '@lookout/plugin-incidents-common';
import {
  IncidentNotifier,
  incidentsNotifierExtensionPoint,
} from '@lookout/plugin-incidents-node';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import request from 'supertest';
import {
  declare,
  describeIncidentsBackend,
} from './__testUtils__/pluginBackend';

jest.setTimeout(60_000);

describeIncidentsBackend(start => {
  it('pushes every change to browsers through signals', async () => {
    const published: any[] = [];
    const server = await start([
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: any) => {
            published.push(signal);
          },
        }),
      }),
    ]);
    await declare(server).expect(201);
    await request(server)
      .post('/api/incidents/incidents/INC-1/acknowledge')
      .expect(200);
    // a triage computed in the background also tells pages to refetch ('triaged'), whenever
    // it finishes; every committed change is signalled, in order
    const changes = published.filter(
      signal => signal.message.type !== 'triaged',
    );
    expect(changes).toEqual([
      expect.objectContaining({
        channel: 'incidents',
        recipients: { type: 'broadcast' },
        message: {
          type: 'declared',
          incidentId: 'INC-1',
          entityRefs: ['component:default/checkout-service'],
        },
      }),
      expect.objectContaining({
        message: expect.objectContaining({ type: 'acknowledged' }),
      }),
    ]);
  });

  it('offers declare, get, list and note to AI agents through the actions registry', async () => {
    const registry = actionsRegistryServiceMock();
    await start([
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => registry,
      }),
    ]);
    const credentials = mockCredentials.user();
    const declared = await registry.invoke({
      id: 'test:declare-incident',
      input: {
        title: 'Agent saw errors',
        severity: 'SEV3',
        entityRef: 'component:default/checkout-service',
      },
      credentials,
    });
    expect(declared.output).toMatchObject({
      incident: { id: 'INC-1', title: 'Agent saw errors' },
    });
    await registry.invoke({
      id: 'test:add-incident-note',
      input: { id: 'INC-1', markdown: 'Error rate is 12%' },
      credentials,
    });
    const got = await registry.invoke({
      id: 'test:get-incident',
      input: { id: 'INC-1' },
      credentials,
    });
    expect((got.output as any).timeline.map((e: any) => e.type)).toEqual([
      'declared',
      'blast_radius',
      'note',
    ]);
    const listed = await registry.invoke({
      id: 'test:list-entity-incidents',
      input: {
        entityRef: 'component:default/checkout-service',
        openOnly: true,
      },
      credentials,
    });
    expect((listed.output as any).incidents).toHaveLength(1);
  });

  it('tells registered notifiers about a new incident, surviving a failing one', async () => {
    const declared: Incident[] = [];
    const notifier: IncidentNotifier = {
      name: 'test',
      onIncidentDeclared: async incident => {
        declared.push(incident);
      },
    };
    const failing: IncidentNotifier = {
      name: 'broken',
      onIncidentDeclared: async () => {
        throw new Error('chat is down');
      },
    };
    const server = await start([
      createBackendModule({
        pluginId: 'incidents',
        moduleId: 'test-notifier',
        register(env) {
          env.registerInit({
            deps: { notifiers: incidentsNotifierExtensionPoint },
            async init({ notifiers }) {
              notifiers.addNotifier(failing, notifier);
            },
          });
        },
      }),
    ]);
    await declare(server, { title: 'Notify me' }).expect(201);
    expect(declared.map(i => i.title)).toEqual(['Notify me']);
  });
});
