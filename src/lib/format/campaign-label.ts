/** `2025-09 集团绩效交叉检查活动`: month first, so that a column of them reads as a timeline. */
export function campaignLabel(campaign: { date: string; title: string }): string {
  return `${campaign.date.slice(0, 7)} ${campaign.title}`;
}
