import { z } from 'zod/v4';
import { DATE_FORMS_TEXT, parseDay } from '../format/dates.ts';
import { didYouMean } from '../text/fuzzy.ts';
import { SLUG_EXPECTED, SLUG_PATTERN, slugProblem } from './fields.ts';
import { identityNamedBy, PRIVACY_HINT } from '../survey/identity.ts';
import { MARKDOWN_COLUMNS } from '../tables/findings.ts';

/** data/campaigns/<id>/campaign.yml — what the CSV files cannot say about a campaign. */

const text = z
  .string({ error: (issue) => (issue.input === undefined ? '必填' : '应为文字') })
  .trim()
  .min(1, '不能为空');

const day = z.union([z.string(), z.date()], { error: (issue) => (issue.input === undefined ? '必填' : '应为日期') }).transform((value, ctx) => {
  const parsed = value instanceof Date ? value.toISOString().slice(0, 10) : parseDay(value);
  if (parsed === null) {
    ctx.issues.push({ code: 'custom', input: value, message: `无法识别的日期“${String(value)}”`, params: { expected: DATE_FORMS_TEXT } });
    return z.NEVER;
  }
  return parsed;
});

const id = text.refine((value) => SLUG_PATTERN.test(value), {
  error: (issue) => `编码“${String(issue.input)}”${slugProblem(String(issue.input))}`,
  params: { expected: SLUG_EXPECTED },
});

const teamSchema = z
  .object({
    id,
    name: text,
    leader: text,
    leaderTitle: text.optional(),
    /** Unit id or name of the leader's own unit: the team never inspects it. */
    leaderUnit: text,
    /** Unit ids or names. */
    inspects: z.array(text).min(1, '至少检查一个单位'),
    members: z.array(text).default([]),
  })
  .strict();

export const QUESTION_TYPES = ['single', 'multiple'] as const;
/** The columns findings.csv declares Markdown-capable (tables/findings.ts), for `markdownColumns`. */
export { MARKDOWN_COLUMNS, type MarkdownColumn } from '../tables/findings.ts';

const questionSchema = z
  .object({
    id,
    text,
    type: z.enum(QUESTION_TYPES, { message: '应为 single（单选）或 multiple（多选）' }).default('single'),
    options: z.array(text).min(2, '至少两个选项'),
    /** The options whose share is the question's headline figure. */
    favorable: z.array(text).default([]),
  })
  .strict()
  .superRefine((question, ctx) => {
    for (const key of ['id', 'text'] as const) {
      const identity = identityNamedBy(question[key]);
      if (identity) {
        ctx.addIssue({
          code: 'custom',
          input: question[key],
          path: [key],
          message: `题目“${question[key]}”询问的是答卷人的身份信息（${identity}），不能作为问卷题目统计和发布`,
          params: { expected: '选择题（选项由多人共有），不是身份信息', hint: PRIVACY_HINT },
        });
        break;
      }
    }
    question.favorable.forEach((option, index) => {
      if (!question.options.includes(option)) {
        ctx.addIssue({
          code: 'custom',
          input: option,
          path: ['favorable', index],
          message: `“${option}”不是这道题的选项`,
          params: { expected: question.options.join('、'), hint: didYouMean(option, question.options) },
        });
      }
    });
  });

/** The privacy floor when the build server sets none (the MIN_GROUP_SIZE setting's default). */
export const DEFAULT_MIN_GROUP_SIZE = 5;

/** What campaign.yml cannot decide for itself: the build server's settings that bound it. */
export interface CampaignLimits {
  /** The server's privacy floor (MIN_GROUP_SIZE): survey.minGroupSize may raise it, not lower it. */
  minGroupSize: number;
}

const surveySchemaFor = ({ minGroupSize: floor }: CampaignLimits) =>
  z
    .object({
      title: text,
      date: day.optional(),
      trainer: text.optional(),
      /**
       * Breakdowns by group are hidden below this many respondents, so no one can be singled out.
       * At least the server's floor, which is also the default: the value read is the one in force.
       */
      minGroupSize: z
        .number({ error: '应为整数' })
        .int('应为整数')
        .refine((value) => value >= floor, {
          error: (issue) => `minGroupSize 不能小于 ${floor}（现在是 ${String(issue.input)}）：这是保护答卷人隐私的下限，campaign.yml 只能提高它，不能降低`,
          params: {
            expected: `不小于 ${floor} 的整数`,
            hint: `下限 ${floor} 只能由构建服务器的环境变量 MIN_GROUP_SIZE 降低（见 README 的“环境变量”一节），不能由数据文件降低。`,
          },
        })
        .default(floor),
      /** Id of a single-choice question (e.g. 所在单位) whose answers group the respondents. */
      groupBy: text.optional(),
      questions: z.array(questionSchema).min(1, '至少一道题'),
    })
    .strict()
    .superRefine((survey, ctx) => {
      if (survey.groupBy === undefined) return;
      const question = survey.questions.find((q) => q.id === survey.groupBy);
      const identity = identityNamedBy(survey.groupBy) ?? (question && (identityNamedBy(question.text) ?? identityNamedBy(question.id)));
      if (identity) {
        ctx.addIssue({
          code: 'custom',
          input: survey.groupBy,
          path: ['groupBy'],
          message: `不能按“${survey.groupBy}”分组：它是答卷人的身份信息（${identity}），按它分组会公开每个人的答案`,
          params: { expected: '所在单位、部门这类多人共有的单选题', hint: PRIVACY_HINT },
        });
      } else if (!question || question.type !== 'single') {
        const singleChoice = survey.questions.filter((q) => q.type === 'single').map((q) => q.id);
        ctx.addIssue({
          code: 'custom',
          input: survey.groupBy,
          path: ['groupBy'],
          message: `“${survey.groupBy}”不是本问卷的单选题`,
          params: {
            expected: `单选题的编码：${singleChoice.join('、')}`,
            hint: didYouMean(survey.groupBy, singleChoice),
          },
        });
      }
    });

/** campaign.yml's schema under the build server's limits. */
export const campaignSchemaFor = (limits: CampaignLimits) =>
  z
    .object({
      title: text,
      date: day,
      place: text.optional(),
      host: z.object({ name: text, title: text.optional() }).strict().optional(),
      kind: text.default('绩效检查'),
      /** The campaign the news article compares with (its `previous`), instead of the latest earlier one of the same kind. */
      compareWith: id.optional(),
      scope: z
        .object({ period: text.optional(), materials: z.array(text).default([]) })
        .strict()
        .prefault({}),
      /** Finding categories in display order; when given, every finding must use one of them. */
      categories: z.array(text).optional(),
      teams: z.array(teamSchema).min(1, '至少一个检查组'),
      /** Text columns whose cells are written in Markdown; all others are shown as plain text. */
      markdownColumns: z.array(z.enum(MARKDOWN_COLUMNS, { message: `只能是 ${MARKDOWN_COLUMNS.join('、')}` })).default([]),
      survey: surveySchemaFor(limits).optional(),
      /** The sheet read from each .xlsx data file of the campaign, when not its first sheet. */
      sheets: z.object({ findings: text.optional(), highlights: text.optional(), survey: text.optional() }).strict().optional(),
    })
    .strict();

/** campaign.yml's schema under the default limits (a build server that sets none). */
export const campaignSchema = campaignSchemaFor({ minGroupSize: DEFAULT_MIN_GROUP_SIZE });

export type CampaignConfig = z.output<typeof campaignSchema>;
export type TeamConfig = z.output<typeof teamSchema>;
export type QuestionConfig = z.output<typeof questionSchema>;
export type SurveyConfig = z.output<ReturnType<typeof surveySchemaFor>>;
