import type { CfnHoursOfOperation } from 'aws-cdk-lib/aws-connect';
import { type Hours, WEEKDAYS } from '#infra/config/schema';

/** `"09:30"` → `{ hours: 9, minutes: 30 }`. */
export const timeSlice = (hhmm: string): { hours: number; minutes: number } => {
  const [hours = 0, minutes = 0] = hhmm.split(':').map(Number);
  return { hours, minutes };
};

/** The weekday (MONDAY…SUNDAY) of a calendar date `YYYY-MM-DD`. */
export const weekdayOf = (date: string): (typeof WEEKDAYS)[number] => {
  const sundayFirst = new Date(`${date}T00:00:00Z`).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7] as (typeof WEEKDAYS)[number];
};

/** Weekly opening hours; days absent from the config are closed (no entry). */
export const weeklyConfig = (hours: Hours): CfnHoursOfOperation.HoursOfOperationConfigProperty[] =>
  WEEKDAYS.flatMap((day) => {
    const range = hours.weekly[day];
    return range ? [{ day, startTime: timeSlice(range.start), endTime: timeSlice(range.end) }] : [];
  });

/** One override per holiday date: that single day opens with the holiday's hours. */
export const holidayOverrides = (hours: Hours): CfnHoursOfOperation.HoursOfOperationOverrideProperty[] =>
  hours.overrides.map((holiday) => ({
    overrideName: `${holiday.date} ${holiday.nameKo}`,
    overrideDescription: holiday.substituteFor
      ? `${holiday.nameKo} (${holiday.substituteFor})`
      : holiday.nameKo,
    effectiveFrom: holiday.date,
    effectiveTill: holiday.date,
    overrideConfig: [
      {
        day: weekdayOf(holiday.date),
        startTime: timeSlice(holiday.start),
        endTime: timeSlice(holiday.end),
      },
    ],
  }));
