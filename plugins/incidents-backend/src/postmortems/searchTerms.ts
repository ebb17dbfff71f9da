const MAX_WORDS = 10;

/** Tags and categories compare lowercased, with spaces as dashes. */
export function normalizeTag(tag: string): string {
  return tag.trim().toLocaleLowerCase('en-US').replace(/\s+/g, '-');
}

/** The distinct lowercased words of a search, at most ten; every one must appear. */
export function words(text: string): string[] {
  return [
    ...new Set(
      text
        .toLocaleLowerCase('en-US')
        .split(/\s+/)
        .map(w => w.trim())
        .filter(Boolean),
    ),
  ].slice(0, MAX_WORDS);
}
