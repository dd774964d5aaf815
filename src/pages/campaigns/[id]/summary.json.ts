import type { APIRoute, GetStaticPaths } from 'astro';
import { summaryJson } from '../../../lib/summary/summary-json.ts';
import { campaignPaths, figuresOf, previousOf, sourceCommit, webOnly, type CampaignPageProps } from '../../../site.ts';

export const getStaticPaths = webOnly(campaignPaths) satisfies GetStaticPaths;

export const GET: APIRoute<CampaignPageProps> = ({ props: { campaign } }) => {
  const previous = previousOf(campaign);
  const summary = summaryJson(figuresOf(campaign), sourceCommit(campaign), previous && figuresOf(previous));
  return new Response(`${JSON.stringify(summary, null, 2)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
