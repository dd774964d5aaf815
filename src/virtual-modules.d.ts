declare module 'virtual:inspection-report/site' {
  /** The site's settings and validated data: read it through src/site.ts. */
  export const snapshot: import('./lib/site-snapshot.ts').SiteSnapshot;
}
