import type { APIRoute, GetStaticPaths } from 'astro';
import { summaryJson } from '../../../lib/summary/summary-json.ts';
import { campaignPaths, figuresOf, sourceCommit, type CampaignPageProps } from '../../../site.ts';

export const getStaticPaths = campaignPaths satisfies GetStaticPaths;

export const GET: APIRoute<CampaignPageProps> = ({ props: { campaign } }) =>
  new Response(`${JSON.stringify(summaryJson(figuresOf(campaign), sourceCommit(campaign)), null, 2)}\n`, {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
