import { z } from 'zod/v4';
import { DATE_FORMS_TEXT, parseDay } from '../format/dates.ts';
import { SLUG_EXPECTED, SLUG_PATTERN } from './fields.ts';

/** data/campaigns/<id>/campaign.yml — what the CSV files cannot say about a campaign. */

const text = z.string({ error: (issue) => (issue.input === undefined ? '必填' : '应为文字') }).trim().min(1, '不能为空');

const day = z
  .union([z.string(), z.date()], { error: (issue) => (issue.input === undefined ? '必填' : '应为日期') })
  .transform((value, ctx) => {
    const parsed = value instanceof Date ? value.toISOString().slice(0, 10) : parseDay(value);
    if (parsed === null) {
      ctx.issues.push({ code: 'custom', input: value, message: `无法识别的日期“${String(value)}”`, params: { expected: DATE_FORMS_TEXT } });
      return z.NEVER;
    }
    return parsed;
  });

const id = text.refine((value) => SLUG_PATTERN.test(value), {
  error: (issue) => `编码“${String(issue.input)}”含有不允许的字符`,
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
export const MARKDOWN_COLUMNS = ['description', 'suggestion', 'material'] as const;
export type MarkdownColumn = (typeof MARKDOWN_COLUMNS)[number];

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
    question.favorable.forEach((option, index) => {
      if (!question.options.includes(option)) {
        ctx.addIssue({
          code: 'custom',
          input: option,
          path: ['favorable', index],
          message: `“${option}”不是这道题的选项`,
          params: { expected: question.options.join('、') },
        });
      }
    });
  });

const surveySchema = z
  .object({
    title: text,
    date: day.optional(),
    trainer: text.optional(),
    /** Breakdowns by group are hidden below this many respondents, so no one can be singled out. */
    minGroupSize: z.number({ error: '应为整数' }).int('应为整数').min(1, '至少为 1').default(5),
    /** Id of a single-choice question (e.g. 所在单位) whose answers group the respondents. */
    groupBy: text.optional(),
    questions: z.array(questionSchema).min(1, '至少一道题'),
  })
  .strict()
  .superRefine((survey, ctx) => {
    if (survey.groupBy === undefined) return;
    const question = survey.questions.find((q) => q.id === survey.groupBy);
    if (!question || question.type !== 'single') {
      ctx.addIssue({
        code: 'custom',
        input: survey.groupBy,
        path: ['groupBy'],
        message: `“${survey.groupBy}”不是本问卷的单选题`,
        params: { expected: `单选题的编码：${survey.questions.filter((q) => q.type === 'single').map((q) => q.id).join('、')}` },
      });
    }
  });

export const campaignSchema = z
  .object({
    title: text,
    date: day,
    place: text.optional(),
    host: z.object({ name: text, title: text.optional() }).strict().optional(),
    kind: text.default('绩效检查'),
    scope: z
      .object({ period: text.optional(), materials: z.array(text).default([]) })
      .strict()
      .prefault({}),
    /** Finding categories in display order; when given, every finding must use one of them. */
    categories: z.array(text).optional(),
    teams: z.array(teamSchema).min(1, '至少一个检查组'),
    /** Text columns whose cells are written in Markdown; all others are shown as plain text. */
    markdownColumns: z.array(z.enum(MARKDOWN_COLUMNS, { message: `只能是 ${MARKDOWN_COLUMNS.join('、')}` })).default([]),
    survey: surveySchema.optional(),
  })
  .strict();

export type CampaignConfig = z.output<typeof campaignSchema>;
export type TeamConfig = z.output<typeof teamSchema>;
export type QuestionConfig = z.output<typeof questionSchema>;
export type SurveyConfig = z.output<typeof surveySchema>;
