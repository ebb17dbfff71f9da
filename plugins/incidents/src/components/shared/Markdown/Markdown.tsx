import { MarkdownContent } from '@backstage/core-components';

/**
 * Markdown that responders typed (notes, descriptions). MarkdownContent's default `gfm` dialect
 * passes raw HTML through rehype-raw and a sanitizer, which still creates elements such as
 * `<img src=…>` that fetch from anywhere; the CommonMark dialect shows raw HTML as the text it is.
 */
export function Markdown(props: { content: string }) {
  return <MarkdownContent content={props.content} dialect="common-mark" />;
}
