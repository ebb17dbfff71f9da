import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_SUPPORT_PRODUCT, TicketEvent } from './types';

/** Kinds a customer can name: what runs or is sold, not who builds it. */
const KINDS = ['component', 'system', 'api', 'resource', 'domain'];
const PAGE = 1000;
/** How long a replica reuses the catalog it read; a new entity shows after this. */
const CACHE_MS = 60_000;

/** How sure a way of naming an entity is. */
const WEIGHT = {
  annotation: 1,
  name: 0.9,
  tag: 0.7,
  text: 0.6,
} as const;

interface Index {
  /** lowercased term → entity refs, with the weight of the way the term names them */
  terms: Map<string, Array<{ ref: string; weight: number }>>;
  /** terms a text can mention, longest first so "checkout api" wins over "checkout" */
  textTerms: string[];
}

export interface EntityMatch {
  entityRef: string;
  score: number;
  why: string;
}

function norm(s: string): string {
  return s.toLocaleLowerCase('en-US').trim();
}

/**
 * Maps what a report names to catalog entities: the `lookout.dev/support-product` annotation
 * (comma-separated product names), then the entity's name and title, in the report's product
 * field, its tags and its text. The catalog is read in bulk with the plugin's credentials and
 * kept for a minute.
 */
export class CatalogMatcher {
  private index: { at: number; value: Promise<Index> } | undefined;

  constructor(
    private readonly options: {
      catalog: Pick<CatalogService, 'queryEntities'>;
      auth: AuthService;
      clock?: () => number;
    },
  ) {}

  async match(
    event: Pick<TicketEvent, 'product' | 'tags' | 'subject' | 'description'>,
  ): Promise<EntityMatch[]> {
    const index = await this.load();
    const found = new Map<string, EntityMatch>();
    const add = (ref: string, score: number, why: string) => {
      const seen = found.get(ref);
      if (!seen || seen.score < score)
        found.set(ref, { entityRef: ref, score, why });
    };
    const named = (term: string, scale: number, where: string) => {
      for (const { ref, weight } of index.terms.get(norm(term)) ?? []) {
        add(ref, weight * scale, `${where} "${term}"`);
      }
    };
    if (event.product) named(event.product, 1, 'product');
    for (const tag of event.tags) named(tag, WEIGHT.tag, 'tag');
    const words = ` ${norm(`${event.subject} ${event.description}`).replace(
      /[^\p{L}\p{N}]+/gu,
      ' ',
    )} `;
    for (const term of index.textTerms) {
      if (words.includes(` ${term} `)) named(term, WEIGHT.text, 'mentions');
    }
    return [...found.values()].sort(
      (a, b) => b.score - a.score || a.entityRef.localeCompare(b.entityRef),
    );
  }

  private load(): Promise<Index> {
    const now = this.options.clock?.() ?? Date.now();
    if (!this.index || now - this.index.at > CACHE_MS) {
      const value = this.read();
      // a failed read is not remembered: the next report tries again
      value.catch(() => {
        if (this.index?.value === value) this.index = undefined;
      });
      this.index = { at: now, value };
    }
    return this.index.value;
  }

  private async read(): Promise<Index> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const terms = new Map<string, Array<{ ref: string; weight: number }>>();
    const put = (term: string | undefined, ref: string, weight: number) => {
      const key = term ? norm(term) : '';
      if (key.length < 3) return;
      const list = terms.get(key) ?? [];
      if (!list.some(e => e.ref === ref && e.weight >= weight)) {
        terms.set(key, [...list.filter(e => e.ref !== ref), { ref, weight }]);
      }
    };
    let cursor: string | undefined;
    do {
      const page = await this.options.catalog.queryEntities(
        cursor
          ? { cursor, limit: PAGE }
          : {
              filter: { kind: KINDS },
              fields: [
                'kind',
                'metadata.namespace',
                'metadata.name',
                'metadata.title',
                'metadata.annotations',
              ],
              limit: PAGE,
              totalItems: 'exclude',
            },
        { credentials },
      );
      for (const entity of page.items as Entity[]) {
        const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
        const products =
          entity.metadata.annotations?.[ANNOTATION_SUPPORT_PRODUCT];
        for (const product of products?.split(',') ?? []) {
          put(product, ref, WEIGHT.annotation);
        }
        put(entity.metadata.name, ref, WEIGHT.name);
        put(entity.metadata.name.replace(/[-_.]+/g, ' '), ref, WEIGHT.name);
        put(entity.metadata.title, ref, WEIGHT.name);
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    const textTerms = [...terms.keys()]
      .map(t => t.replace(/[^\p{L}\p{N}]+/gu, ' ').trim())
      .filter(t => t.length >= 4)
      .sort((a, b) => b.length - a.length);
    // the text form of a term must find the same entities as the term itself
    for (const term of [...terms.keys()]) {
      const spaced = term.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      if (spaced !== term) {
        for (const e of terms.get(term)!) put(spaced, e.ref, e.weight);
      }
    }
    return { terms, textTerms: [...new Set(textTerms)] };
  }
}
