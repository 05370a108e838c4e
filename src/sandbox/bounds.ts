/**
 * How much the sandbox keeps: a fixed number of each thing, the oldest dropped first, so a long
 * `npm start` session stays small however much it is sent. docs/sandbox.md lists the same numbers.
 */

export interface SandboxLimits {
  /** Accepted messages (GET /messages, `messages`). */
  readonly messages: number;
  /** Requests to the API endpoints (`requests`). */
  readonly requests: number;
  /** Delivery report attempts (`reports`). */
  readonly reports: number;
  /** Customers the sandbox remembers (the least recently active is forgotten: its window goes back to the start-up rule). */
  readonly customers: number;
  /** Per customer: the messages sent to it that a tap can answer. */
  readonly sentPerCustomer: number;
  /** Per customer: the events it posted (MO and postback). */
  readonly eventsPerCustomer: number;
}

export const DEFAULT_LIMITS: SandboxLimits = Object.freeze({
  messages: 500,
  requests: 1000,
  reports: 5000,
  customers: 1000,
  sentPerCustomer: 50,
  eventsPerCustomer: 100,
});

/** Appends `item` and drops the oldest entries beyond `max`, in place. */
export function keepLast<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

/** Checks limits given to startSandbox: whole numbers of at least 1. */
export function limitsOf(given: Partial<SandboxLimits> | undefined): SandboxLimits {
  const limits = { ...DEFAULT_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`limits.${name} must be a whole number of at least 1`);
  }
  return limits;
}
