import type { APIRoute, GetStaticPaths } from 'astro';
import { findingsCsv } from '../../../../../lib/export/findings-csv.ts';
import type { Campaign } from '../../../../../lib/model.ts';
import { reportedUnits } from '../../../../../lib/report-pages.ts';
import { campaigns, units, webOnly } from '../../../../../site.ts';

export const getStaticPaths = webOnly(() =>
  campaigns.flatMap((campaign) => reportedUnits(campaign).map((unit) => ({ params: { id: campaign.id, unit }, props: { campaign, unit } }))),
) satisfies GetStaticPaths;

export const GET: APIRoute<{ campaign: Campaign; unit: string }> = ({ props }) =>
  new Response(findingsCsv(props.campaign, units, props.unit), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
