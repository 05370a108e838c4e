/** Helpers for tests of the response page (src/core/send/responsePage.ts). */
import { PageTimes } from '../../../src/core/send/responsePage';

/** Times left as stored, each marked with the form asked for, so a test sees which one the page used. */
export const AS_STORED: PageTimes = { time: (iso) => `time(${iso})`, dateTime: (iso) => `dateTime(${iso})`, shortTime: (iso) => `short(${iso})` };
