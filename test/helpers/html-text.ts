/**
 * The text a reader sees in an HTML page, from its source (no browser): the body without tags, block
 * elements and table cells on their own lines, entities decoded, control characters (never drawn)
 * dropped. The expected text of fixtures and benchmark pages printed from HTML.
 */
export function htmlText(html: string): string {
  const body = html.replace(/^[\s\S]*?<body[^>]*>/i, '').replace(/<\/body>[\s\S]*$/i, '');
  return body
    .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/?(p|div|h[1-6]|header|footer|section|table|tr|td|th|li|ul|ol)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/(?![\t\n\r])\p{Cc}/gu, '')
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** Text compared with spaces: NFC, every run of whitespace (line breaks included) one space. */
export const withSpaces = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** Text compared without spaces: NFC, whitespace removed. */
export const withoutSpaces = (s: string) => s.normalize('NFC').replace(/\s+/g, '');
