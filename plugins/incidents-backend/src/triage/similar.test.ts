import { rankSimilar } from './similar';
import { Bm25Index, tokenize } from './text';

describe('tokenize', () => {
  it('splits refs and labels into words, drops stop words and strips plurals', () => {
    expect(
      tokenize(
        'Timeouts on component:default/checkout-service after the deploy',
      ),
    ).toEqual(['timeout', 'checkout', 'service', 'deploy']);
  });
});

describe('Bm25Index', () => {
  it('ranks rare shared words above common ones', () => {
    const index = new Bm25Index([
      tokenize('checkout latency high'),
      tokenize('kafka broker disk full latency'),
      tokenize('search latency'),
    ]);
    const scores = index.score(tokenize('kafka disk latency'));
    expect(scores[1].score).toBeGreaterThan(scores[0].score);
    expect(scores[1].matched.sort()).toEqual(['disk', 'kafka', 'latency']);
    expect(scores[0].matched).toEqual(['latency']);
  });
});

describe('rankSimilar', () => {
  const candidates = [
    {
      incidentId: 'INC-1',
      entityRef: 'component:default/checkout',
      tokens: tokenize('Checkout 502 errors after deploy; rolled back'),
      graphDistance: 0,
      causeRefs: ['component:default/checkout'],
    },
    {
      incidentId: 'INC-2',
      entityRef: 'component:default/search',
      tokens: tokenize('Search 502 errors from the edge'),
      graphDistance: null,
      causeRefs: [],
    },
    {
      incidentId: 'INC-3',
      entityRef: 'resource:default/db',
      tokens: tokenize('Database connection pool exhausted'),
      graphDistance: 2,
      causeRefs: ['resource:default/db'],
    },
  ];

  it('combines words, closeness in the graph and shared causes, with reasons', () => {
    const ranked = rankSimilar(
      {
        symptoms: tokenize('Checkout returns 502 errors'),
        mechanism: tokenize('checkout Deploy checkout v42'),
      },
      candidates,
      [
        { entityRef: 'component:default/checkout', share: 1 },
        { entityRef: 'resource:default/db', share: 0.5 },
      ],
      { limit: 5 },
    );
    // INC-2 has the same symptom elsewhere, for another reason: below the bar
    expect(ranked.map(r => r.incidentId)).toEqual(['INC-1', 'INC-3']);
    expect(ranked[0].reasons).toEqual([
      {
        text: 'how it happened in the same words: "checkout", "deploy"',
        weight: 0.4,
      },
      {
        text: 'the symptoms in the same words: "checkout", "502", "error"',
        weight: 0.2,
      },
      { text: 'started on the same entity', weight: 0.25 },
      { text: 'its cause, checkout, is probable cause #1 here', weight: 0.3 },
    ]);
    expect(ranked[1].reasons.map(r => r.text)).toEqual([
      'started on db, 2 hops away in the graph',
      'its cause, db, is probable cause #2 here',
    ]);
  });

  it('with a lower bar, keeps a near incident that shares no word', () => {
    const ranked = rankSimilar(
      { symptoms: tokenize('Checkout returns 502 errors'), mechanism: [] },
      candidates,
      [{ entityRef: 'component:default/web', share: 1 }],
      { limit: 5, minScore: 0 },
    );
    const db = ranked.find(r => r.incidentId === 'INC-3')!;
    expect(db).toEqual({
      incidentId: 'INC-3',
      score: 0.08,
      reasons: [
        { text: 'started on db, 2 hops away in the graph', weight: 0.08 },
      ],
    });
  });
});
