import type { APIRoute, GetStaticPaths } from 'astro';
import { findingsCsv } from '../../../../../lib/export/findings-csv.ts';
import type { Campaign, Unit } from '../../../../../lib/model.ts';
import { reportedUnits } from '../../../../../lib/report-pages.ts';
import { getCampaigns, getUnits } from '../../../../../site.ts';

export const getStaticPaths = (async () => {
  const [campaigns, units] = await Promise.all([getCampaigns(), getUnits()]);
  return campaigns.flatMap((campaign) =>
    reportedUnits(campaign).map((unit) => ({ params: { id: campaign.id, unit }, props: { campaign, units, unit } })),
  );
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ campaign: Campaign; units: Unit[]; unit: string }> = ({ props }) =>
  new Response(findingsCsv(props.campaign, props.units, props.unit), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
