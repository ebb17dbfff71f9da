import {
  ActionItem,
  Postmortem,
  PostmortemSummary,
} from '@lookout/plugin-incidents-common';

/** A postmortem summary as the backend lists it; tests override what they are about. */
export function postmortemSummaryFixture(
  overrides: Partial<PostmortemSummary> = {},
): PostmortemSummary {
  return {
    id: 'pm-1',
    incidentId: 'INC-1',
    title: 'Postmortem: Checkout returns 500s',
    status: 'draft',
    entityRef: 'component:default/checkout-service',
    ownerRef: 'group:default/checkout-team',
    severity: 'SEV1',
    rootCauseEntityRef: null,
    causeCategory: null,
    tags: [],
    createdBy: 'user:default/guest',
    createdAt: '2026-11-02T09:00:00.000Z',
    updatedAt: '2026-11-02T09:00:00.000Z',
    publishedAt: null,
    incidentDeclaredAt: '2026-11-01T10:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

/** A whole postmortem with the default template's sections. */
export function postmortemFixture(
  overrides: Partial<Postmortem> = {},
): Postmortem {
  const section = (key: string, title: string, body = '') => ({
    key,
    title,
    body,
    derived: key === 'timeline',
    version: 1,
    updatedBy: null,
    updatedAt: null,
  });
  return {
    ...postmortemSummaryFixture(),
    sections: [
      section('summary', 'Summary', 'Checkout failed for an hour.'),
      section('timeline', 'Timeline'),
      {
        ...section('root_cause', 'Root cause'),
        prompt: 'The underlying cause',
      },
    ],
    timeline: [
      {
        id: '1',
        incidentId: 'INC-1',
        type: 'declared',
        actor: 'user:default/alice',
        at: '2026-11-01T10:00:00.000Z',
        data: {},
      },
    ],
    reviewers: [],
    actionItems: [],
    ...overrides,
  };
}

export function actionItemFixture(
  overrides: Partial<ActionItem> = {},
): ActionItem {
  return {
    id: 'ai-1',
    postmortemId: 'pm-1',
    incidentId: 'INC-1',
    title: 'Alert on pool saturation',
    ownerRef: 'group:default/checkout-team',
    dueDate: '2026-10-30',
    status: 'open',
    trackerUrl: 'https://tracker.example/OPS-1',
    overdue: true,
    version: 1,
    createdAt: '2026-11-02T09:00:00.000Z',
    updatedAt: '2026-11-02T09:00:00.000Z',
    ...overrides,
  };
}
