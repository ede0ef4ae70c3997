import { describe, expect, it } from 'vitest';
import { newerTicket } from '../../../web/src/selection';

const ticket = (version: number, status: string, ticketNumber = '20260000001') => ({
  ticketNumber,
  version,
  status,
});

describe('the 부서 screen’s selected ticket after a list refresh', () => {
  it('keeps the newer selected ticket when a list read that started before the change answers late', () => {
    const selected = ticket(3, 'IN_PROGRESS');
    expect(newerTicket(selected, [ticket(2, 'ASSIGNED')])).toBe(selected);
  });

  it('keeps the same object for the same version (no remount, the note being typed stays)', () => {
    const selected = ticket(3, 'IN_PROGRESS');
    expect(newerTicket(selected, [ticket(3, 'IN_PROGRESS')])).toBe(selected);
  });

  it('takes the list’s copy when someone else changed the ticket since', () => {
    const newer = ticket(4, 'RESOLVED');
    expect(newerTicket(ticket(3, 'IN_PROGRESS'), [ticket(9, 'ASSIGNED', '20260000002'), newer])).toBe(newer);
  });

  it('keeps the selected ticket when it has left the list (reassigned away)', () => {
    const selected = ticket(3, 'IN_PROGRESS');
    expect(newerTicket(selected, [])).toBe(selected);
  });
});
