// One iCalendar file (RFC 5545) per staff member with every dated duty of the semester (substitutions
// included, inspection too), in the school's time zone Asia/Shanghai (UTC+8 all year, no daylight saving),
// so a teacher can import or subscribe to it on a phone. Written by hand rather than with the `ics` package:
// that package writes floating or UTC times only, while a school calendar wants TZID=Asia/Shanghai.
import type { Instance, Schedule } from '../model/schema.js';
import { datedDuties, type DatedDuty } from './views.js';

export type CalendarOptions = {
  /** DTSTAMP of every event (default: now). Pass a fixed date for byte-identical files. */
  readonly stamp?: Date;
  /** IANA zone written as TZID (default Asia/Shanghai, the only zone whose VTIMEZONE is built in) */
  readonly timeZone?: 'Asia/Shanghai';
};

const VTIMEZONE = ['BEGIN:VTIMEZONE', 'TZID:Asia/Shanghai', 'X-LIC-LOCATION:Asia/Shanghai', 'BEGIN:STANDARD', 'TZOFFSETFROM:+0800', 'TZOFFSETTO:+0800', 'TZNAME:CST', 'DTSTART:19700101T000000', 'END:STANDARD', 'END:VTIMEZONE'];

/**
 * One .ics text per staff member who has at least one dated duty, keyed by staff id, in instance order.
 * Each dated duty (views.datedDuties: consecutive blocks of one group are one duty) is one VEVENT.
 */
export function writeCalendars(instance: Instance, schedule: Schedule, options: CalendarOptions = {}): Map<string, string> {
  const stamp = utcStamp(options.stamp ?? new Date());
  const byStaff = new Map<string, DatedDuty[]>();
  for (const d of datedDuties(instance, schedule)) {
    let l = byStaff.get(d.staffId);
    if (!l) byStaff.set(d.staffId, (l = []));
    l.push(d);
  }
  const out = new Map<string, string>();
  for (const s of instance.staff) {
    const duties = byStaff.get(s.id);
    if (!duties) continue;
    const lines = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Kehou//课后服务//ZH',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      `X-WR-CALNAME:${text(`${instance.school.name} 课后服务 ${s.name}`)}`,
      'X-WR-TIMEZONE:Asia/Shanghai',
      ...VTIMEZONE,
    ];
    duties.forEach((d, n) => {
      const summary = d.substitute ? `代课：${d.what}` : d.what;
      const description = [
        `${instance.school.name} 课后服务`,
        d.substitute && d.insteadOf ? `代替 ${d.insteadOf}` : '',
        d.room ? `地点：${d.room}` : '',
      ].filter((x) => x !== '').join('\n');
      lines.push(
        'BEGIN:VEVENT',
        `UID:${d.date}-${n + 1}-${uidPart(s.id)}@kehou`,
        `DTSTAMP:${stamp}`,
        `DTSTART;TZID=Asia/Shanghai:${local(d.date, d.start)}`,
        `DTEND;TZID=Asia/Shanghai:${local(d.date, d.end)}`,
        `SUMMARY:${text(summary)}`,
        ...(d.room ? [`LOCATION:${text(d.room)}`] : []),
        `DESCRIPTION:${text(description)}`,
        `CATEGORIES:${text(CATEGORY[d.kind])}`,
        'TRANSP:OPAQUE',
        'END:VEVENT',
      );
    });
    lines.push('END:VCALENDAR');
    out.set(s.id, lines.map(fold).join('\r\n') + '\r\n');
  }
  return out;
}

const CATEGORY: Readonly<Record<DatedDuty['kind'], string>> = { group: '看护', club: '社团', latePickup: '延时接送', inspection: '行政巡视' };

/** 2026-09-01 + 15:30 → 20260901T153000 */
const local = (date: string, time: string): string => `${date.replace(/-/g, '')}T${time.replace(':', '')}00`;

const utcStamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** TEXT value escaping (RFC 5545 3.3.11) */
const text = (s: string): string => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** an id inside a UID: keep it readable, escape what could break the line */
const uidPart = (id: string): string => encodeURIComponent(id);

/** Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character. */
function fold(line: string): string {
  const bytes = Buffer.byteLength(line, 'utf8');
  if (bytes <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = 74; // continuation lines start with one space
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
