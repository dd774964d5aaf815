/** Joins the site's base (e.g. `/reports/`) and a site path (e.g. `campaigns/x/`) into one link. */
export function withBase(base: string, path: string): string {
  const trimmedBase = base.endsWith('/') ? base : `${base}/`;
  return `${trimmedBase}${path.replace(/^\/+/, '')}`;
}
