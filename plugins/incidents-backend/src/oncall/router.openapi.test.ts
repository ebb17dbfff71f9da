import { routesOf } from '../__testUtils__/backend';
import { createEscalationPoliciesRouter } from '../escalation/policiesRouter';
import { createOnCallRouter } from './router';

describe('on-call routes', () => {
  it('are all described in the OpenAPI document', () => {
    // escalation policies live under /oncall/policies, served by their own router
    const routes = [
      ...routesOf(createOnCallRouter({} as any)),
      ...routesOf(createEscalationPoliciesRouter({} as any)),
    ];
    expect(routes).toHaveLength(14);
    expect(routes.filter(r => !r.documented)).toEqual([]);
  });
});
