import type { APIRoute, GetStaticPaths } from 'astro';
import { findingsCsv } from '../../../lib/export/findings-csv.ts';
import type { Campaign, Unit } from '../../../lib/model.ts';
import { campaignPaths } from '../../../site.ts';

export const getStaticPaths = campaignPaths satisfies GetStaticPaths;

export const GET: APIRoute<{ campaign: Campaign; units: Unit[] }> = ({ props }) =>
  new Response(findingsCsv(props.campaign, props.units), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
