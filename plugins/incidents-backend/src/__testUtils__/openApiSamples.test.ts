import { sampleOf } from './openApiSamples';

const document = {
  components: {
    schemas: {
      Event: {
        type: 'object',
        required: ['action', 'key'],
        if: { properties: { action: { const: 'trigger' } } },
        then: { required: ['payload'] },
        properties: {
          action: { type: 'string', enum: ['trigger', 'resolve'] },
          key: { type: 'string' },
          payload: {
            type: 'object',
            required: ['at'],
            properties: {
              at: { type: 'string', format: 'date-time' },
              day: { type: 'string', format: 'date' },
            },
          },
          note: { type: 'string', example: 'hello' },
        },
      },
      Edit: {
        type: 'object',
        required: ['version'],
        properties: {
          version: { type: 'integer', minimum: 1 },
          title: { type: 'string' },
        },
        anyOf: [{ required: ['title'] }],
      },
      Target: {
        oneOf: [
          { type: 'null' },
          {
            allOf: [{ $ref: '#/components/schemas/Edit' }, { required: ['x'] }],
          },
        ],
      },
    },
  },
};

describe('sampleOf', () => {
  it('fills what is required, and what a met condition requires', () => {
    expect(
      sampleOf(document, '#/components/schemas/Event', {
        values: { key: 'k-1' },
      }),
    ).toEqual({
      action: 'trigger',
      key: 'k-1',
      payload: { at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    });
  });

  it('fills every property when full, from examples and formats', () => {
    expect(
      sampleOf(document, '#/components/schemas/Event', { full: true }),
    ).toEqual({
      action: 'trigger',
      key: 'xxxxxx',
      payload: {
        at: expect.any(String),
        day: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      },
      note: 'hello',
    });
  });

  it('takes the first alternative of required fields, and the first non-null branch', () => {
    expect(sampleOf(document, '#/components/schemas/Edit')).toEqual({
      version: 1,
      title: 'xxxxxx',
    });
    expect(sampleOf(document, '#/components/schemas/Target')).toEqual({
      version: 1,
      title: 'xxxxxx',
    });
  });
});
