/**
 * Ranked text retrieval for similar incidents: Okapi BM25 over title, description, alert
 * labels and postmortem text. Small enough to build per request over a few thousand incidents.
 */

const STOPWORDS = new Set(
  (
    'a an and are as at be been but by for from has have in into is it its of on or our ' +
    'that the their then there these this to was were will with after before during over ' +
    'than all any not no can could we us default component resource api system group user'
  ).split(' '),
);

/**
 * Lowercased words of two or more characters, without stop words, with a light suffix strip
 * so "timeouts" meets "timeout" and "deployed" meets "deploy". Entity refs split into their
 * name's words, because `checkout-service` in a label and "checkout service" in a title are
 * the same thing to a reader.
 */
export function tokenize(text: string): string[] {
  const words = text.toLocaleLowerCase('en-US').split(/[^\p{L}\p{N}]+/u);
  const tokens: string[] = [];
  for (const word of words) {
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    tokens.push(stem(word));
  }
  return tokens;
}

/**
 * The words of alert or incident labels worth searching: the values of those that name the
 * thing (alertname, job, service, reason), and both key and value of the rest.
 */
export function labelWords(labels: Record<string, string>): string[] {
  return Object.entries(labels).flatMap(([key, value]) =>
    key === 'alertname' ||
    key === 'job' ||
    key === 'service' ||
    key === 'reason'
      ? [value]
      : [key, value],
  );
}

function stem(word: string): string {
  if (/^\d+$/.test(word) || word.length <= 4) return word;
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) {
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

export interface Bm25Options {
  k1?: number;
  b?: number;
}

/** A BM25 index over documents given as token lists; documents are addressed by position. */
export class Bm25Index {
  private readonly termFrequencies: Array<Map<string, number>>;
  private readonly lengths: number[];
  private readonly documentFrequency = new Map<string, number>();
  private readonly averageLength: number;
  private readonly k1: number;
  private readonly b: number;

  constructor(documents: string[][], options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.termFrequencies = documents.map(tokens => {
      const counts = new Map<string, number>();
      for (const token of tokens) {
        counts.set(token, (counts.get(token) ?? 0) + 1);
      }
      for (const token of counts.keys()) {
        this.documentFrequency.set(
          token,
          (this.documentFrequency.get(token) ?? 0) + 1,
        );
      }
      return counts;
    });
    this.lengths = documents.map(tokens => tokens.length);
    const total = this.lengths.reduce((sum, n) => sum + n, 0);
    this.averageLength = documents.length ? total / documents.length || 1 : 1;
  }

  get size(): number {
    return this.lengths.length;
  }

  /** The inverse document frequency, never negative (the "+1" variant of Lucene). */
  idf(term: string): number {
    const n = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (this.size - n + 0.5) / (n + 0.5));
  }

  /** The score of every document for the query, and the query terms each one matched. */
  score(query: string[]): Array<{ score: number; matched: string[] }> {
    const terms = [...new Set(query)];
    return this.termFrequencies.map((counts, index) => {
      let score = 0;
      const matched: string[] = [];
      const norm =
        this.k1 *
        (1 - this.b + (this.b * this.lengths[index]) / this.averageLength);
      for (const term of terms) {
        const tf = counts.get(term);
        if (!tf) continue;
        matched.push(term);
        score += (this.idf(term) * tf * (this.k1 + 1)) / (tf + norm);
      }
      return { score, matched };
    });
  }
}
