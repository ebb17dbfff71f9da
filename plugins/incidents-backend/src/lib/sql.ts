/** Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern, so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}
