import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity, getEntitySourceLocation } from '@backstage/catalog-model';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { ANNOTATION_RUNBOOKS } from '@lookout/plugin-incidents-common';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Where a runbook file is read from: through the UrlReader, or from the local disk. */
export interface RunbookLocation {
  type: 'url' | 'file';
  target: string;
}

/** One entry of the `lookout.dev/runbooks` annotation, resolved or not. */
export type ResolvedEntry =
  | { entry: string; location: RunbookLocation }
  | { entry: string; error: string };

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The runbook locations an entity's `lookout.dev/runbooks` annotation names. Like TechDocs, a
 * relative path is resolved against the entity's source location (`backstage.io/source-location`,
 * else the location the catalog read it from); an http(s) URL is taken as it is. An entry that
 * cannot be resolved carries the reason, so one bad entry never hides the others.
 */
export function resolveRunbookEntries(
  entity: Entity,
  integrations: ScmIntegrationRegistry,
): ResolvedEntry[] {
  const annotation = entity.metadata.annotations?.[ANNOTATION_RUNBOOKS] ?? '';
  const entries = annotation
    .split(',')
    .map(e => e.trim())
    .filter(Boolean);
  return [...new Set(entries)].map(entry => {
    try {
      return { entry, location: resolveEntry(entry, entity, integrations) };
    } catch (error) {
      return { entry, error: (error as Error).message };
    }
  });
}

function resolveEntry(
  entry: string,
  entity: Entity,
  integrations: ScmIntegrationRegistry,
): RunbookLocation {
  if (ABSOLUTE.test(entry)) {
    if (!/^https?:\/\//i.test(entry)) {
      throw new Error(
        `${entry}: use an http(s) URL or a path relative to the entity's source location`,
      );
    }
    return { type: 'url', target: entry };
  }
  let base: { type: string; target: string };
  try {
    base = getEntitySourceLocation(entity);
  } catch {
    throw new Error(
      `${entry}: the entity has no source location to resolve it against; use a URL`,
    );
  }
  if (base.type === 'url') {
    return {
      type: 'url',
      target: integrations.resolveUrl({ url: entry, base: base.target }),
    };
  }
  if (base.type === 'file') {
    // a local catalog file (the demo's): the runbook must sit in or under its directory, so an
    // annotation cannot reach other files of the server
    const dir = base.target.endsWith('/')
      ? base.target
      : path.dirname(base.target);
    const target = path.resolve(dir, entry);
    const relative = path.relative(dir, target);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new Error(
        `${entry}: leaves the directory of the entity's catalog file (${dir})`,
      );
    }
    return { type: 'file', target };
  }
  throw new Error(
    `${entry}: cannot resolve against a '${base.type}' source location; use a URL`,
  );
}

class TooLarge extends Error {
  constructor(readonly bytes: number) {
    super(`is too large (${bytes} bytes)`);
  }
}

class NotMarkdown extends Error {}

interface Cached {
  text: string;
  etag?: string;
  readAt: number;
}

/** Markdown, or why there is none. */
export type ReadResult = { markdown: string } | { error: string };

/**
 * Reads runbook files through Backstage's UrlReader (so `integrations` and
 * `backend.reading.allow` decide what may be read) or, for a local catalog file's runbooks,
 * from disk. Contents are kept for `cacheTtlMs` and then revalidated with their ETag, so
 * opening an incident does not fetch every runbook again.
 */
export class RunbookReader {
  private readonly cache = new Map<string, Cached>();
  private readonly ttlMs: number;
  private readonly maxBytes: number;
  private readonly maxEntries: number;

  constructor(
    private readonly options: {
      urlReader: UrlReaderService;
      cacheTtlMs?: number;
      maxBytes?: number;
      maxEntries?: number;
      clock?: () => number;
    },
  ) {
    this.ttlMs = options.cacheTtlMs ?? 60_000;
    this.maxBytes = options.maxBytes ?? 1_000_000;
    this.maxEntries = options.maxEntries ?? 1000;
  }

  async read(location: RunbookLocation): Promise<ReadResult> {
    const key = `${location.type}:${location.target}`;
    const cached = this.cache.get(key);
    const now = this.now();
    if (cached && now - cached.readAt < this.ttlMs) {
      return this.toMarkdown(cached.text, location);
    }
    try {
      const fresh =
        location.type === 'file'
          ? await this.readFile(location.target)
          : await this.readUrl(location.target, cached?.etag);
      this.remember(key, { ...fresh, readAt: now });
      return this.toMarkdown(fresh.text, location);
    } catch (error) {
      if (cached && NotModifiedError.is(error)) {
        this.remember(key, { ...cached, readAt: now });
        return this.toMarkdown(cached.text, location);
      }
      this.cache.delete(key);
      return { error: describeReadError(error, location) };
    }
  }

  private async readUrl(
    url: string,
    etag?: string,
  ): Promise<{ text: string; etag?: string }> {
    const response = await this.options.urlReader.readUrl(url, { etag });
    const buffer = await response.buffer();
    return { text: this.decode(buffer), etag: response.etag };
  }

  private async readFile(file: string): Promise<{ text: string }> {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new Error('is not a file');
    if (stat.size > this.maxBytes) throw new TooLarge(stat.size);
    return { text: this.decode(await fs.readFile(file)) };
  }

  private decode(buffer: Buffer): string {
    if (buffer.length > this.maxBytes) throw new TooLarge(buffer.length);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    } catch {
      throw new NotMarkdown('is not UTF-8 text');
    }
    if (text.includes('\u0000')) {
      throw new NotMarkdown('is a binary file, not markdown');
    }
    return text.replace(/^\uFEFF/, '');
  }

  private toMarkdown(text: string, location: RunbookLocation): ReadResult {
    // an alert's runbook_url is often a wiki page: link to it rather than show its HTML as text
    if (/^\s*<(!doctype\s+html|html[\s>])/i.test(text)) {
      return {
        error: `${location.target} is a web page, not markdown; open the link instead`,
      };
    }
    return { markdown: text };
  }

  private remember(key: string, entry: Cached) {
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > this.maxEntries) {
      this.cache.delete(this.cache.keys().next().value!);
    }
  }

  private now(): number {
    return this.options.clock?.() ?? Date.now();
  }
}

function describeReadError(error: unknown, location: RunbookLocation): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (NotFoundError.is(error) || code === 'ENOENT') {
    return `${location.target} was not found`;
  }
  if (error instanceof TooLarge || error instanceof NotMarkdown) {
    return `${location.target} ${error.message}`;
  }
  const message = (error as Error)?.message ?? String(error);
  return `${location.target} could not be read: ${message}`;
}
