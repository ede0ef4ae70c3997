import { type CityHoursSource, hoursFromCityConfig, type SimulatorHours, WEEKDAYS } from './hours';

/**
 * Simulator settings derived from a city configuration (infra/config/<city>.ts, already parsed):
 * hours with holiday overrides, entry points, queues (`counselors` and `dept-<id>` per department),
 * the texts of `${city:…}` placeholders, and the department list for the fake functions.
 */

export interface CitySource extends CityHoursSource {
  name: { ko: string; en: string };
  entryPoints: { id: string; number: string; nameKo: string }[];
  departments: {
    id: string;
    nameKo: string;
    categories: string[];
    slaHours: number;
    transfer: { type: 'queue' } | { type: 'phone'; number: string };
  }[];
}

export interface CitySimulatorSettings {
  hours: SimulatorHours;
  entryPoints: { id: string; number: string }[];
  queues: string[];
  city: Record<string, string>;
  departments: CitySource['departments'];
}

const spokenTime = (hhmm: string): string => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const half = h < 12 ? '오전' : '오후';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${half} ${hour}시${m ? ` ${m}분` : ''}`;
};

const rangeKo = (range: { start: string; end: string } | undefined): string | null =>
  range ? `${spokenTime(range.start)}부터 ${spokenTime(range.end)}까지` : null;

/** "평일 오전 8시부터 오후 8시까지, 주말과 공휴일은 오전 9시부터 오후 6시까지" from weekly hours. */
export const hoursPhraseKo = (source: CityHoursSource): string => {
  const weekly = source.hours.weekly;
  const weekday = rangeKo(weekly.MONDAY);
  const weekend = rangeKo(weekly.SATURDAY);
  const sameWeekdays = WEEKDAYS.slice(0, 5).every((d) => rangeKo(weekly[d]) === weekday);
  const sameWeekend = rangeKo(weekly.SUNDAY) === weekend;
  if (!sameWeekdays || !sameWeekend) {
    return WEEKDAYS.map((d) => `${d}: ${rangeKo(weekly[d]) ?? '휴무'}`).join(', ');
  }
  return `평일 ${weekday ?? '휴무'}, 주말과 공휴일은 ${weekend ? weekend : '휴무'}`;
};

export const simulatorSettingsFromCity = (config: CitySource): CitySimulatorSettings => ({
  hours: hoursFromCityConfig(config),
  entryPoints: config.entryPoints.map((e) => ({ id: e.id, number: e.number })),
  queues: ['counselors', ...config.departments.map((d) => `dept-${d.id}`)],
  city: { ko: config.name.ko, en: config.name.en, hoursKo: hoursPhraseKo(config) },
  departments: config.departments,
});
