import type { APIRoute, GetStaticPaths } from 'astro';
import { findingsCsv } from '../../../lib/export/findings-csv.ts';
import { campaignPaths, units, webOnly, type CampaignPageProps } from '../../../site.ts';

export const getStaticPaths = webOnly(campaignPaths) satisfies GetStaticPaths;

export const GET: APIRoute<CampaignPageProps> = ({ props }) =>
  new Response(findingsCsv(props.campaign, units), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
