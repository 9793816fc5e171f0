/**
 * Why a delivered item is not on screen: the sentences `debug` logs (`[goyo] <item id>: <reason>`).
 * For developers reading the console, not for the people using the page, so they stay English;
 * kept together so that the reasons read alike and can be found in one place.
 */
export const WHY = {
  url: (urls: string[]) => `not for this page (shows on ${urls.join(', ')})`,
  tourElsewhere: 'not startable here: finished in this tab, its next step is for another page, or its element is missing',
  shownBefore: 'already shown since this page loaded',
  busy: (id: string) => `waiting: ${id} is open (one Goyo dialog or tour at a time)`,
  tourFirst: (id: string) => `waiting: tour ${id} goes first`,
  typing: 'waiting: the user is typing',
  onePerPage: 'one prompt, survey or tour per page, and one was shown',
  missing: (step: string, selector: string) => `step ${step} skipped: no element matches ${selector}`,
}
