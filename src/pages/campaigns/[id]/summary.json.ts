import type { APIRoute, GetStaticPaths } from 'astro';
import type { Campaign } from '../../../lib/model.ts';
import { summarizeCampaign } from '../../../lib/summary/summarize-campaign.ts';
import { getCampaigns } from '../../../site.ts';

export const getStaticPaths = (async () =>
  (await getCampaigns()).map((campaign) => ({ params: { id: campaign.id }, props: { campaign } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ campaign: Campaign }> = ({ props }) =>
  new Response(`${JSON.stringify(summarizeCampaign(props.campaign), null, 2)}\n`, {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
