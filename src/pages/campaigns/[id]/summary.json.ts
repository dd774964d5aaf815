import type { APIRoute, GetStaticPaths } from 'astro';
import type { Campaign } from '../../../lib/model.ts';
import { campaignFigures, getCampaigns, REPORT_DATE, sourceCommit } from '../../../site.ts';

export const getStaticPaths = (async () =>
  (await getCampaigns()).map((campaign) => ({ params: { id: campaign.id }, props: { campaign } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ campaign: Campaign }> = async ({ props: { campaign } }) => {
  const { summary: figures, rectification } = campaignFigures(campaign);
  const commit = await sourceCommit(campaign);
  const summary = {
    ...figures,
    rectification: {
      asOf: REPORT_DATE,
      closureRate: rectification.closureRate,
      overdue: rectification.overdue.length,
      medianDaysToClose: rectification.medianDaysToClose,
    },
    sourceCommit: commit && { hash: commit.hash, shortHash: commit.shortHash, date: commit.date },
  };
  return new Response(`${JSON.stringify(summary, null, 2)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
