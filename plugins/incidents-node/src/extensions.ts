import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { IncidentNotifier } from './IncidentNotifier';

/**
 * Lets backend modules register {@link IncidentNotifier}s with the incidents backend.
 *
 * @public
 */
export interface IncidentsNotifierExtensionPoint {
  addNotifier(...notifiers: IncidentNotifier[]): void;
}

/** @public */
export const incidentsNotifierExtensionPoint =
  createExtensionPoint<IncidentsNotifierExtensionPoint>({
    id: 'incidents.notifiers',
  });
