/**
 * The selected ticket after a list read: the list's copy only when it is newer. A list read that
 * started before the last change can answer after it; going back to its older copy would remount
 * the detail (keyed by version) and lose a note being typed.
 */
export const newerTicket = <T extends { ticketNumber: string; version: number }>(
  selected: T,
  listed: readonly T[],
): T => {
  const copy = listed.find((t) => t.ticketNumber === selected.ticketNumber);
  return copy !== undefined && copy.version > selected.version ? copy : selected;
};
