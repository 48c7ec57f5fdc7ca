// T1 T2: the semester's service dates (holidays on weekdays, 调休 make-up days, New Year, time zones).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datesIn, serviceDates, weekdayOf, daysBetween, shiftDate } from '../../src/model/calendar.js';
import type { Instance } from '../../src/model/schema.js';

type Cal = Instance['calendar'];
const cal = (c: Partial<Cal>): Pick<Instance, 'calendar'> => ({
  calendar: { start: '2026-09-01', end: '2026-09-30', serviceWeekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], ...c },
});

describe('serviceDates', () => {
  it('lists Monday to Friday in order with their own weekday', () => {
    const d = serviceDates(cal({ start: '2026-09-01', end: '2026-09-08' }));
    expect(d).toEqual([
      { date: '2026-09-01', as: 'tue' },
      { date: '2026-09-02', as: 'wed' },
      { date: '2026-09-03', as: 'thu' },
      { date: '2026-09-04', as: 'fri' },
      { date: '2026-09-07', as: 'mon' },
      { date: '2026-09-08', as: 'tue' },
    ]);
  });

  it('removes a holiday that falls on weekdays (国庆节 Thu 1 Oct – Wed 7 Oct)', () => {
    const d = serviceDates(cal({ start: '2026-09-28', end: '2026-10-09', holidays: [{ from: '2026-10-01', to: '2026-10-07', name: '国庆节' }] }));
    expect(d.map((x) => x.date)).toEqual(['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09']);
  });

  it('serves a Sunday make-up day (调休) with Monday’s timetable', () => {
    // 2026-09-20 is a Sunday
    expect(weekdayOf('2026-09-20')).toBe('sun');
    const d = serviceDates(cal({ start: '2026-09-18', end: '2026-09-22', workdays: [{ date: '2026-09-20', as: 'mon' }] }));
    expect(d).toEqual([
      { date: '2026-09-18', as: 'fri' },
      { date: '2026-09-20', as: 'mon' },
      { date: '2026-09-21', as: 'mon' },
      { date: '2026-09-22', as: 'tue' },
    ]);
  });

  it('serves a make-up day even inside a holiday range, and only inside [start, end]', () => {
    const d = serviceDates(
      cal({
        start: '2026-10-01',
        end: '2026-10-12',
        holidays: [{ from: '2026-10-01', to: '2026-10-11' }],
        workdays: [
          { date: '2026-10-10', as: 'wed' },
          { date: '2026-09-27', as: 'fri' }, // before start: not served
        ],
      }),
    );
    expect(d).toEqual([
      { date: '2026-10-10', as: 'wed' },
      { date: '2026-10-12', as: 'mon' },
    ]);
  });

  it('runs across New Year (元旦 holiday, new weekday numbering, 2027 dates)', () => {
    const d = serviceDates(cal({ start: '2026-12-28', end: '2027-01-08', holidays: [{ from: '2027-01-01', to: '2027-01-03', name: '元旦' }] }));
    expect(d.map((x) => `${x.date}/${x.as}`)).toEqual([
      '2026-12-28/mon',
      '2026-12-29/tue',
      '2026-12-30/wed',
      '2026-12-31/thu',
      '2027-01-04/mon',
      '2027-01-05/tue',
      '2027-01-06/wed',
      '2027-01-07/thu',
      '2027-01-08/fri',
    ]);
  });

  it('honours a closed weekday (Thursday teacher study) and a Saturday service week', () => {
    const d = serviceDates(cal({ start: '2026-09-07', end: '2026-09-13', serviceWeekdays: ['mon', 'tue', 'wed', 'fri', 'sat'] }));
    expect(d.map((x) => x.as)).toEqual(['mon', 'tue', 'wed', 'fri', 'sat']);
  });

  it('gives no dates for an empty or reversed range and handles a leap day', () => {
    expect(serviceDates(cal({ start: '2026-09-10', end: '2026-09-01' }))).toEqual([]);
    expect(serviceDates(cal({ start: '2028-02-28', end: '2028-03-01' })).map((x) => x.date)).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
  });

  it('a whole semester: every date once, strictly increasing, no weekend unless a workday', () => {
    const d = serviceDates(
      cal({
        start: '2026-09-01',
        end: '2027-01-22',
        holidays: [
          { from: '2026-09-25', to: '2026-09-27' },
          { from: '2026-10-01', to: '2026-10-07' },
          { from: '2027-01-01', to: '2027-01-03' },
        ],
        workdays: [
          { date: '2026-09-20', as: 'tue' },
          { date: '2026-10-10', as: 'wed' },
        ],
      }),
    );
    for (let i = 1; i < d.length; i++) expect(d[i - 1].date < d[i].date).toBe(true);
    const weekend = d.filter((x) => ['sat', 'sun'].includes(weekdayOf(x.date)!));
    expect(weekend).toEqual([
      { date: '2026-09-20', as: 'tue' },
      { date: '2026-10-10', as: 'wed' },
    ]);
    // weekdays: Sep 22 + Oct 22 + Nov 21 + Dec 23 + Jan 1-22 16 = 104; minus 25 Sep, the five weekdays of 1-7 Oct
    // and 1 Jan; plus the two make-up days
    expect(d.length).toBe(104 - 7 + 2);
  });
});

describe('date helpers', () => {
  it('count and shift calendar days without drift', () => {
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(shiftDate('2026-10-31', 2)).toBe('2026-11-02');
    expect(datesIn('2027-02-27', '2027-03-01')).toEqual(['2027-02-27', '2027-02-28', '2027-03-01']);
    expect(weekdayOf('2026-02-30')).toBeUndefined();
  });
});

// ------------------------------------------------------------------------------------------------ time zones

// The semester crosses the US daylight-saving change (1 Nov 2026) and New Year; São Paulo 2018 moved its clocks
// at midnight (4 Nov 2018 00:00 did not exist), the classic trap for date-only arithmetic.
const TZ_CASES: readonly Pick<Instance, 'calendar'>[] = [
  cal({
    start: '2026-09-01',
    end: '2027-01-22',
    holidays: [{ from: '2026-10-01', to: '2026-10-07' }],
    workdays: [{ date: '2026-10-10', as: 'wed' }, { date: '2026-11-01', as: 'mon' }],
  }),
  cal({ start: '2018-10-29', end: '2018-11-09', workdays: [{ date: '2018-11-04', as: 'fri' }] }),
  cal({ start: '2027-03-08', end: '2027-03-19', serviceWeekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }),
];

describe('time zones', () => {
  const original = process.env.TZ;
  afterAll(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it('gives identical dates in every zone of this process (TZ switched in-process, switch verified)', () => {
    const zones = ['Asia/Shanghai', 'America/Los_Angeles', 'America/Sao_Paulo', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC'];
    const results: string[] = [];
    const offsets = new Set<number>();
    for (const zone of zones) {
      process.env.TZ = zone;
      offsets.add(new Date(2026, 6, 1).getTimezoneOffset());
      results.push(JSON.stringify(TZ_CASES.map((c) => serviceDates(c))));
    }
    expect(offsets.size).toBeGreaterThanOrEqual(5); // the zone really changed
    for (const r of results) expect(r).toBe(results[0]);
    expect(JSON.parse(results[0])[1]).toContainEqual({ date: '2018-11-04', as: 'fri' });
  });

  describe('in child node processes (TZ set in the environment)', () => {
    const dist = join(process.cwd(), 'dist/model/calendar.js');
    const run = (tz: string): { offset: number; dates: unknown } => {
      const script =
        `const { serviceDates } = await import(${JSON.stringify('file://' + dist)});` +
        `const cases = JSON.parse(process.argv[1]);` +
        `process.stdout.write(JSON.stringify({ offset: new Date(2026, 6, 1).getTimezoneOffset(), dates: cases.map((c) => serviceDates(c)) }));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(TZ_CASES)], {
        encoding: 'utf8',
        env: { ...process.env, TZ: tz },
      });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    it('Asia/Shanghai and America/Los_Angeles agree', () => {
      const sh = run('Asia/Shanghai');
      const la = run('America/Los_Angeles');
      expect(sh.offset).toBe(-480);
      expect(la.offset).toBe(420);
      expect(la.dates).toEqual(sh.dates);
      expect(sh.dates).toEqual(TZ_CASES.map((c) => serviceDates(c)));
    });
  });
});
