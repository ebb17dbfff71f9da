import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Knex } from 'knex';
import { DatabaseEscalationPolicyStore } from '../escalation/DatabaseEscalationPolicyStore';
import { DatabaseIncidentsStore } from '../incidents/DatabaseIncidentsStore';
import { DatabaseOnCallStore } from '../oncall/DatabaseOnCallStore';
import { seedDemoOnCall } from '../oncall/seedDemoOnCall';
import { readPostmortemsConfig } from '../postmortems/config';
import { DatabasePostmortemsStore } from '../postmortems/DatabasePostmortemsStore';
import { seedDemoPostmortems } from '../postmortems/seedDemoPostmortems';
import { seedDemoHistory } from './seedDemoHistory';

/**
 * Loads the demo files that app-config names (`incidents.demoHistory.file`,
 * `incidents.demoPostmortems.file`, `incidents.demoOnCall.file`), each only into an empty
 * table. Postmortems come after the incidents they belong to. Leave them unset in production.
 */
export async function seedDemoData(options: {
  config: Config;
  knex: Knex;
  logger: LoggerService;
}): Promise<void> {
  const { config, knex, logger } = options;
  const file = (key: string) =>
    config.getOptionalString(`incidents.${key}.file`);
  const incidents = DatabaseIncidentsStore.create({ knex });

  const history = file('demoHistory');
  if (history) {
    await seedDemoHistory({ file: history, store: incidents, logger });
  }
  const postmortems = file('demoPostmortems');
  if (postmortems) {
    await seedDemoPostmortems({
      file: postmortems,
      store: DatabasePostmortemsStore.create({ knex }),
      incidents,
      template: readPostmortemsConfig(config).template,
      logger,
    });
  }
  const onCall = file('demoOnCall');
  if (onCall) {
    await seedDemoOnCall({
      file: onCall,
      schedules: DatabaseOnCallStore.create({ knex }),
      policies: DatabaseEscalationPolicyStore.create({ knex }),
      logger,
    });
  }
}
