/** Words too common in incident titles to say anything about a runbook. */
const STOP_WORDS = new Set(
  'about after again also down from have high into more over some than that their them then there these this were when with without while what your cannot error errors failing failed issue issues problem problems slow service services'.split(
    ' ',
  ),
);

/** The lowercased words of a search, at most 10. */
export function searchWords(q: string | undefined): string[] {
  return [
    ...new Set(
      (q ?? '').toLocaleLowerCase('en-US').split(/\s+/).filter(Boolean),
    ),
  ].slice(0, 10);
}

/** The words of an incident title that can tell runbooks apart. */
export function titleWords(title: string): string[] {
  return [
    ...new Set(
      title
        .toLocaleLowerCase('en-US')
        .split(/[^\p{L}\p{N}_-]+/u)
        .map(w => w.replace(/^[-_]+|[-_]+$/g, ''))
        .filter(w => w.length >= 4 && !STOP_WORDS.has(w)),
    ),
  ].slice(0, 12);
}
