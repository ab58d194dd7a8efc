import { epochMillis } from '../iso-timestamp';
import type { LeadJourney } from './lead-journey';
import { percentile } from './statistics';

const HOUR_MS = 3_600_000;

/** Hours from a converted lead's first `contacted` to its `payment-confirmed`. */
export interface TimeToConversion {
  /** Converted leads with a contact before conversion: the sample. */
  readonly sampleSize: number;
  /** Converted leads never contacted (e.g. ordered on their own); not in the sample. */
  readonly convertedWithoutContact: number;
  readonly medianHours: number | null;
  readonly p90Hours: number | null;
}

export function timeToConversion(journeys: readonly LeadJourney[]): TimeToConversion {
  const hours: number[] = [];
  let withoutContact = 0;
  for (const j of journeys) {
    if (j.convertedAt === null) continue;
    if (j.firstContactedAt === null) {
      withoutContact += 1;
      continue;
    }
    hours.push((epochMillis(j.convertedAt) - epochMillis(j.firstContactedAt)) / HOUR_MS);
  }
  return {
    sampleSize: hours.length,
    convertedWithoutContact: withoutContact,
    medianHours: percentile(hours, 0.5),
    p90Hours: percentile(hours, 0.9),
  };
}
