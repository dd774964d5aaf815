/**
 * Survey columns that identify a respondent, by what their header or question asks for.
 *
 * A survey is published as counts per option, which is safe only when every option is shared
 * by many people. A question asking for a name, a phone number or an address is the opposite:
 * each "option" is one person, so its counts (and any breakdown by it) would publish who
 * answered what. Such a question is refused wherever it is declared, whatever campaign.yml says.
 */

/** Chinese words that name an identity; any header or question text containing one is refused. */
const CHINESE_IDENTITIES = [
  '姓名',
  '名字',
  '手机',
  '电话',
  '联系方式',
  '工号',
  '员工号',
  '员工编号',
  '职工号',
  '学号',
  '身份证',
  '证件',
  '护照',
  '邮箱',
  '电子邮件',
  '微信',
  '地址',
  '住址',
  '账号',
  '用户名',
  '车牌',
] as const;

/** English words (whole words of a text or of an id like `phone_no`, `userEmail`) that name an identity. */
const ENGLISH_IDENTITIES = new Set([
  'fullname',
  'realname',
  'username',
  'surname',
  'phone',
  'telephone',
  'cellphone',
  'mobile',
  'tel',
  'email',
  'mail',
  'ip',
  'wechat',
  'weixin',
  'qq',
  'address',
  'addr',
  'idcard',
  'passport',
  'ssn',
]);

/** `name` alone or after one of these is a person's name; after another word (`unit_name`) it is not. */
const PERSONAL_BEFORE_NAME = new Set([
  'your',
  'my',
  'real',
  'full',
  'user',
  'first',
  'last',
  'given',
  'family',
  'person',
  'respondent',
  'student',
  'employee',
  'staff',
]);
/** `id`, `no` or `number` after one of these is a personal number (`employee_id`, `id_card`). */
const PERSONAL_BEFORE_NUMBER = new Set(['employee', 'staff', 'emp', 'job', 'work', 'student', 'user', 'member', 'personal', 'id']);
const NUMBER_WORDS = new Set(['id', 'no', 'num', 'number', 'card']);

/**
 * The identity a header, question text or id names (`姓名`, `phone`, …), or undefined. ASCII
 * words are matched whole (`IP` in 来自IP, not in `ship`).
 */
export function identityNamedBy(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  const chinese = CHINESE_IDENTITIES.find((word) => compact.includes(word));
  if (chinese) return chinese;

  // 'userEmail' → user email, 'phone_no' → phone no, '来自IP' → ip, 'E-mail' → email.
  const words = text
    .replace(/e-mail/gi, 'email')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word.length > 0);
  for (const [i, word] of words.entries()) {
    const before = i === 0 ? undefined : words[i - 1];
    if (ENGLISH_IDENTITIES.has(word)) return word;
    if (word === 'name' && (before === undefined || PERSONAL_BEFORE_NAME.has(before))) return 'name';
    if (NUMBER_WORDS.has(word) && before !== undefined && PERSONAL_BEFORE_NUMBER.has(before) && before !== word) return `${before} ${word}`;
  }
  return undefined;
}

/** How to fix a refused question, for every privacy error. */
export const PRIVACY_HINT =
  '为保护答卷人隐私，姓名、联系方式、工号、IP 等身份信息和自由填写的文字不统计、不发布：请从 campaign.yml 的 survey.questions 中删去这道题（survey.csv 中的这一列会被忽略）。';
