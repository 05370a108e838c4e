/**
 * Markdown rendered as VS Code's Markdown preview renders it (markdown-language-features: markdown-it
 * with HTML allowed and bare addresses linkified), for tests of what the response view shows.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options: { html: boolean; linkify: boolean; breaks: boolean }) => { render(text: string): string };

const md = new MarkdownIt({ html: true, linkify: true, breaks: false });

/** The HTML the preview would show. */
export function renderMarkdown(text: string): string {
  return md.render(text);
}

/** What a reader sees: the rendered HTML without its tags, entities decoded, spaces collapsed. */
export function renderedText(text: string): string {
  return renderMarkdown(text)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
