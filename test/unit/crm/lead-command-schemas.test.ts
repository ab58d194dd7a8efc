import { describe, expect, it } from 'vitest';
import {
  InitializeLeadSchema,
  LEAD_COMMAND_SCHEMAS,
  SetFollowupSchema,
  SubmitOrderSchema,
} from '../../../shared/domain/crm/lead/lead-commands';
import { lead12 } from './lead-fixtures';

describe('lead command schemas', () => {
  it('validate and normalise command data, dropping the type', () => {
    expect(
      InitializeLeadSchema.parse({
        type: 'initialize-lead',
        leadId: '12',
        firstName: ' Casey',
        lastName: 'David ',
        phoneNumber: '+1 (415) 555-2951',
        now: '2020-05-20T11:52:55.95+02:00',
      }),
    ).toStrictEqual({
      leadId: '12',
      firstName: 'Casey',
      lastName: 'David',
      phoneNumber: '+14155552951',
      now: '2020-05-20T09:52:55.950Z',
    });
  });

  it("accept every command of the talk's lead 12 with the schema of its type", () => {
    for (const cmd of lead12.commands) {
      expect(LEAD_COMMAND_SCHEMAS[cmd.type].safeParse(cmd).success).toBe(true);
    }
  });

  it('report every invalid field with its path', () => {
    const result = SubmitOrderSchema.safeParse({
      leadId: 'lead 12',
      paymentDeadline: 'next friday',
      now: '2020-05-27T12:02:12.51Z',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toStrictEqual(['leadId', 'paymentDeadline']);
  });

  it('refuse a timestamp without offset and a local phone number', () => {
    expect(
      SetFollowupSchema.safeParse({ leadId: '12', followupOn: '2020-05-27T12:00:00', now: '2020-05-20T12:32:08Z' }).success,
    ).toBe(false);
    const initialize = InitializeLeadSchema.safeParse({
      leadId: '12',
      firstName: 'Casey',
      lastName: 'David',
      phoneNumber: '555-2951',
      now: '2020-05-20T09:52:55Z',
    });
    expect(initialize.error?.issues.map((i) => i.path.join('.'))).toStrictEqual(['phoneNumber']);
  });

  it('narrow to a request body without the lead id and the clock', () => {
    const body = SetFollowupSchema.omit({ leadId: true, now: true });
    expect(body.parse({ followupOn: '2020-05-27T12:00:00Z' })).toStrictEqual({ followupOn: '2020-05-27T12:00:00.000Z' });
    expect(body.safeParse({}).success).toBe(false);
  });
});
