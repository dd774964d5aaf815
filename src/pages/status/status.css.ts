import type { APIRoute } from 'astro';

/**
 * A placeholder for the stylesheet every page links: on the intranet server nginx serves the
 * publisher's `<web-root>/status/status.css` at this address instead (docs/publishing.md), which
 * shows the footer's stale-release link when needed. A site previewed or printed on its own is
 * never stale: this one is empty.
 */
export const GET: APIRoute = () =>
  new Response('/* 发布状态：在服务器上由发布程序生成（docs/publishing.md） */\n', { headers: { 'Content-Type': 'text/css; charset=utf-8' } });
