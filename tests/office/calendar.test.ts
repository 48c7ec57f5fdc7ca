// .ics calendars (src/office/calendar.ts): one per staff member with duties, parsed by ical.js; exactly one event
// per dated duty (substitutions included), in Asia/Shanghai, and lines folded as RFC 5545 requires.
import { beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import type { Instance, Schedule } from '../../src/index.js';
import { datedDuties, writeCalendars } from '../../src/office/index.js';
import { loadExample, planOf } from './fixture.js';

let instance: Instance;
let schedule: Schedule;
let calendars: Map<string, string>;

beforeAll(() => {
  instance = loadExample('small');
  schedule = planOf(instance);
  calendars = writeCalendars(instance, schedule, { stamp: new Date('2026-08-20T00:00:00Z') });
});

/** dated duties counted from the schedule alone: each template duty of the weekday a date runs, with that date's
 * substitutions, consecutive blocks of one group with the same holder merged; plus inspections */
function expectedEvents(staff: string): number {
  let n = 0;
  for (const day of schedule.semester!) {
    n += day.inspection.filter((i) => i === staff).length;
    const subs = day.substitutions;
    for (const g of schedule.week.groups.filter((x) => x.day === day.as)) {
      let prev: string | null | undefined;
      g.cover.forEach((holder, b) => {
        const sub = subs.find((e) => 'group' in e && e.group === g.id && e.block === b);
        const who = sub ? `${sub.to}|sub` : `${holder}|own`;
        if (who !== prev && who.split('|')[0] === staff) n++;
        prev = who;
      });
    }
    for (const c of schedule.week.clubs.filter((x) => x.days.includes(day.as))) {
      const sub = subs.find((e) => 'club' in e && e.club === c.club);
      if ((sub ? sub.to : c.staff) === staff) n++;
    }
    const pickups = schedule.week.duties.filter((d) => d.day === day.as).map((d) => d.staff);
    for (const e of subs) {
      if (!('latePickup' in e)) continue;
      const k = pickups.indexOf(e.from);
      if (k >= 0) pickups[k] = `→${e.to}`;
    }
    n += pickups.filter((p) => p === staff || p === `→${staff}`).length;
  }
  return n;
}

describe('writeCalendars', () => {
  it('writes one calendar per staff member with a duty, each parsed by ical.js with one event per dated duty', () => {
    const withDuty = new Set(datedDuties(instance, schedule).map((d) => d.staffId));
    expect([...calendars.keys()].sort()).toEqual([...withDuty].sort());
    let substituted = 0;
    for (const [staff, text] of calendars) {
      const comp = new ICAL.Component(ICAL.parse(text));
      const events = comp.getAllSubcomponents('vevent');
      expect(events.length, staff).toBe(expectedEvents(staff));
      for (const e of events) {
        const ev = new ICAL.Event(e);
        expect(e.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Asia/Shanghai');
        expect(ev.endDate.compare(ev.startDate)).toBe(1);
        if (ev.summary.startsWith('代课：')) substituted++;
      }
    }
    expect(substituted).toBeGreaterThan(0);
  });

  it('puts each event at the school-local time of its date (UTC+8)', () => {
    const [staff, text] = [...calendars].find(([, t]) => t.includes('行政巡视')) ?? [...calendars][0];
    const comp = new ICAL.Component(ICAL.parse(text));
    comp.getAllSubcomponents('vtimezone').forEach((tz) => ICAL.TimezoneService.register(tz));
    const first = new ICAL.Event(comp.getFirstSubcomponent('vevent')!);
    const duty = datedDuties(instance, schedule).find((d) => d.staffId === staff)!;
    const utc = first.startDate.toJSDate().toISOString();
    const [h, m] = duty.start.split(':').map(Number);
    const expected = new Date(Date.UTC(Number(duty.date.slice(0, 4)), Number(duty.date.slice(5, 7)) - 1, Number(duty.date.slice(8, 10)), h - 8, m));
    expect(utc).toBe(expected.toISOString());
  });

  it('folds long lines at 75 octets with CRLF and is byte-identical for a fixed stamp', () => {
    for (const text of calendars.values()) {
      for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    }
    const again = writeCalendars(instance, schedule, { stamp: new Date('2026-08-20T00:00:00Z') });
    expect([...again]).toEqual([...calendars]);
  });
});
