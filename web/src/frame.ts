/** Whether the desk runs framed (the Amazon Connect agent workspace embeds third-party apps in an iframe). */
export function inIframe(win: Window = window): boolean {
  try {
    return win.self !== win.top;
  } catch {
    return true; // a cross-origin parent: certainly framed
  }
}
