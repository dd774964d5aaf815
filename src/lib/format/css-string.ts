/**
 * A quoted CSS string for generated content (the running head of printed pages). The text
 * comes from campaign.yml, so it must not end the string, the rule or the <style> element.
 */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"<>\n\r]/g, (char) => `\\${char.codePointAt(0)?.toString(16)} `)}"`;
}
