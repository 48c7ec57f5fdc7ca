// Guessing what a school office meant: a misspelt key (`capcity` → `capacity`), a value in another case or
// in Chinese (`Mon`, `周一` → `mon`). Used in validation messages only.

/** Edit distance (Levenshtein), case-insensitive; small strings only. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const prev = new Array<number>(y.length + 1);
  for (let j = 0; j <= y.length; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (x[i - 1] === y[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[y.length];
}

/** The allowed key a typo most likely meant (missing keys preferred), or undefined. */
export function suggestKey(key: string, allowed: readonly string[], missing: readonly string[] = []): string | undefined {
  if (key.length > 64) return undefined;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const k of allowed) {
    const d = editDistance(key, k);
    const limit = Math.max(1, Math.floor(Math.max(k.length, key.length) / 3));
    if (d > limit) continue;
    const score = d * 2 + (missing.includes(k) ? 0 : 1);
    if (score < bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best;
}

const ZH_VALUES: Record<string, string> = {
  周一: 'mon', 星期一: 'mon', 一: 'mon', monday: 'mon',
  周二: 'tue', 星期二: 'tue', 二: 'tue', tuesday: 'tue', tues: 'tue',
  周三: 'wed', 星期三: 'wed', 三: 'wed', wednesday: 'wed',
  周四: 'thu', 星期四: 'thu', 四: 'thu', thursday: 'thu', thur: 'thu', thurs: 'thu',
  周五: 'fri', 星期五: 'fri', 五: 'fri', friday: 'fri',
  周六: 'sat', 星期六: 'sat', 六: 'sat', saturday: 'sat',
  周日: 'sun', 星期日: 'sun', 星期天: 'sun', 日: 'sun', sunday: 'sun',
  小学: 'primary', 初中: 'junior', 九年一贯制: 'nine-year', 九年制: 'nine-year',
  作业: 'study', 作业辅导: 'study', 答疑: 'study', 社团: 'club', 阅读: 'reading', 自主阅读: 'reading', 休息: 'break', 休闲: 'break',
  残疾: 'disabled', 残疾儿童: 'disabled', 留守: 'left-behind', 留守儿童: 'left-behind', 随迁: 'migrant', 随迁子女: 'migrant',
  低收入: 'low-income', 困难家庭: 'low-income', 低保: 'low-income',
  校级: 'school', 班级: 'class',
  教师: 'teacher', 老师: 'teacher', 班主任: 'teacher', 任课教师: 'teacher', 校长: 'leader', 副校长: 'leader', 主任: 'leader', 中层: 'leader', 领导: 'leader', 行政: 'leader', 志愿者: 'volunteer', 教练: 'coach',
  退休: 'retired', 退休教师: 'retired', 家长: 'parent', 保安: 'security', 门卫: 'security',
};

/** The allowed value a wrong one most likely meant (case, Chinese name, small typo), or undefined. */
export function suggestValue(value: string, allowed: readonly string[]): string | undefined {
  const v = value.trim();
  const zh = ZH_VALUES[v] ?? ZH_VALUES[v.toLowerCase()];
  if (zh !== undefined && allowed.includes(zh)) return zh;
  const lower = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
  if (lower !== undefined) return lower;
  const prefix = v.length >= 3 ? allowed.find((a) => v.toLowerCase().startsWith(a.toLowerCase())) : undefined;
  if (prefix !== undefined) return prefix;
  return suggestKey(v, allowed);
}
