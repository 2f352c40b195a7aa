/** Text for HTML element content or a quoted attribute value: `&`, `<`, `>`, `"` and `'` as character references, so it is never markup. */
export function escapeHtml(text: string): string {
  // Most text has none of them: a test is cheaper than a replace that changes nothing.
  return HAS_SPECIAL.test(text) ? text.replace(SPECIAL, (char) => ESCAPES[char]!) : text;
}

const SPECIAL = /[&<>"']/g;
const HAS_SPECIAL = /[&<>"']/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
