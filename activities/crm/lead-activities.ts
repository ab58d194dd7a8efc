import type { Db } from 'mongodb';
import { leadDecider } from '../../shared/domain/crm/lead/lead-decider';
import type { LeadEvent } from '../../shared/domain/crm/lead/lead-events';
import { leadStreamId } from '../../shared/domain/crm/lead/lead-stream';
import { LeadRegistry } from '../../shared/domain/crm/lead-registry';
import type { CommandRunner } from '../kernel/command-runner';
import type { LeadLifecycleActivities } from './lead-lifecycle-activities';

/**
 * The lead process manager's one side effect: decide a Lead command against the stored stream
 * and append, with the step's idempotency key (a retried activity appends once). The envelope
 * timestamp is the command's `now` (workflow time), so the envelope and the payload agree on
 * when the event happened.
 */
export function createLeadActivities(runner: CommandRunner, db: Db): LeadLifecycleActivities {
  const registry = new LeadRegistry(db);
  const leads = runner.repository(leadDecider, 'lead-v1');
  return {
    executeLeadCommand: async ({ command, correlationId }) => {
      const result = await runner.run(leads, leadStreamId(command.leadId), command, { correlationId, now: new Date(command.now) });
      if (command.type === 'initialize-lead') await registry.register(command.leadId);
      const appended = result.events.map((e) => ({ type: e.type, payload: e.payload }) as LeadEvent);
      return { state: result.state, version: result.version, appended };
    },
  };
}
