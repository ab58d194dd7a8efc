import { describe, expect, it } from 'vitest';
import { projectLeadRow } from '../../../shared/domain/crm/views/lead-row-projection';
import type { LeadRow } from '../../../shared/domain/crm/views/lead-table';
import { lead12, stateOf } from './lead-fixtures';

const rowAfter = (count: number): LeadRow => ({ ...(stateOf(lead12.events.slice(0, count)) as NonNullable<ReturnType<typeof stateOf>>), version: count });

describe('projectLeadRow', () => {
  it('folds the next event into the row and records its version', () => {
    const first = projectLeadRow(null, lead12.events[0] as (typeof lead12.events)[number], 1);
    expect(first).toEqual({ kind: 'row', row: rowAfter(1) });
    const change = projectLeadRow(rowAfter(3), lead12.events[3] as (typeof lead12.events)[number], 4);
    expect(change).toEqual({ kind: 'row', row: { ...rowAfter(4) } });
    expect(change.kind === 'row' && change.row.lastName).toBe('Davis');
  });

  it('ignores a redelivered event', () => {
    expect(projectLeadRow(rowAfter(4), lead12.events[3] as (typeof lead12.events)[number], 4)).toEqual({ kind: 'stale' });
    expect(projectLeadRow(rowAfter(4), lead12.events[1] as (typeof lead12.events)[number], 2)).toEqual({ kind: 'stale' });
  });

  it('asks for a rebuild when events are missing before this one', () => {
    expect(projectLeadRow(rowAfter(2), lead12.events[4] as (typeof lead12.events)[number], 5)).toEqual({ kind: 'gap' });
    expect(projectLeadRow(null, lead12.events[1] as (typeof lead12.events)[number], 2)).toEqual({ kind: 'gap' });
  });

  it('reproduces the lead 12 row of the talk after the whole history', () => {
    let row: LeadRow | null = null;
    lead12.events.forEach((event, i) => {
      const change = projectLeadRow(row, event, i + 1);
      if (change.kind !== 'row') throw new Error(`unexpected ${change.kind}`);
      row = change.row;
    });
    expect(row).toEqual({
      leadId: '12', firstName: 'Casey', lastName: 'Davis', status: 'CONVERTED', phoneNumber: '+14155558101', followupOn: null,
      createdOn: '2020-05-20T09:52:55.950Z', updatedOn: '2020-05-27T12:38:44.120Z', contactCount: 2, followupCount: 1, version: 7,
    });
  });
});
