/**
 * Times as the city keeps them: every time the desk shows is in the city's zone (`Asia/Seoul`,
 * from /api/config or /sandbox/info), whatever zone the browser runs in.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export const formatCityTime = (iso: string | undefined, timeZone: string): string => {
  if (iso === undefined) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('ko-KR', {
      timeZone,
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(date);
};
