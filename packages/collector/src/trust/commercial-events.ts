/** Track events that carry a subscription's MRR, as billing systems name them. */
export const COMMERCIAL_EVENTS: ReadonlySet<string> = new Set(['Subscription Started', 'Plan Changed', 'Subscription Cancelled', 'Subscription Renewed'])
