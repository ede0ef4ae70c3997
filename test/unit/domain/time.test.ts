import { describe, expect, it } from 'vitest';
import { addHours, cityDay, formatInstant, isIsoInstant, isValidTimeZone, yearIn } from '#domain/time';

describe('formatInstant', () => {
  it('formats in Seoul time with the +09:00 offset and milliseconds', () => {
    expect(formatInstant(new Date('2027-03-05T05:03:07.123Z'), 'Asia/Seoul')).toBe(
      '2027-03-05T14:03:07.123+09:00',
    );
  });

  it('formats midnight as 00, not 24', () => {
    expect(formatInstant(new Date('2027-03-04T15:00:00.000Z'), 'Asia/Seoul')).toBe(
      '2027-03-05T00:00:00.000+09:00',
    );
  });

  it('uses the offset in force at the instant in zones with daylight saving time', () => {
    expect(formatInstant(new Date('2027-01-15T12:00:00Z'), 'America/New_York')).toBe(
      '2027-01-15T07:00:00.000-05:00',
    );
    expect(formatInstant(new Date('2027-07-15T12:00:00Z'), 'America/New_York')).toBe(
      '2027-07-15T08:00:00.000-04:00',
    );
  });

  it('denotes the same instant it was given', () => {
    const date = new Date('2027-12-31T23:59:59.999Z');
    expect(Date.parse(formatInstant(date, 'Asia/Seoul'))).toBe(date.getTime());
  });

  it('throws for an invalid date', () => {
    expect(() => formatInstant(new Date(Number.NaN), 'Asia/Seoul')).toThrow(RangeError);
  });
});

describe('cityDay', () => {
  it('takes the calendar day in the city’s time zone, not UTC', () => {
    expect(cityDay(new Date('2027-03-04T15:30:00Z'), 'Asia/Seoul')).toBe('2027-03-05');
    expect(cityDay(new Date('2027-03-04T14:59:59Z'), 'Asia/Seoul')).toBe('2027-03-04');
  });
});

describe('yearIn', () => {
  it('gives the city-local year around new year', () => {
    const lateUtc = new Date('2026-12-31T15:30:00Z');
    expect(yearIn(lateUtc, 'Asia/Seoul')).toBe(2027);
    expect(yearIn(lateUtc, 'UTC')).toBe(2026);
  });
});

describe('time helpers', () => {
  it('isIsoInstant requires an offset and a real date', () => {
    expect(isIsoInstant('2027-03-05T14:03:07.123+09:00')).toBe(true);
    expect(isIsoInstant('2027-03-05T14:03:07Z')).toBe(true);
    expect(isIsoInstant('2027-03-05T14:03:07')).toBe(false);
    expect(isIsoInstant('2027-13-45T14:03:07Z')).toBe(false);
  });

  it('isValidTimeZone knows IANA zones only', () => {
    expect(isValidTimeZone('Asia/Seoul')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('addHours adds elapsed calendar hours', () => {
    expect(addHours(new Date('2027-03-05T00:00:00Z'), 72).toISOString()).toBe('2027-03-08T00:00:00.000Z');
  });
});
