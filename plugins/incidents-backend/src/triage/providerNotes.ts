import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Incident,
  TimelineEvent,
  TriageAssistantNote,
} from '@lookout/plugin-incidents-common';
import { TriageProvider } from '@lookout/plugin-incidents-node';
import { StoredTriage } from './TriageStore';

/**
 * Every provider's note on a triage, asked side by side. A provider that fails, or does not
 * answer within `timeoutMs`, adds nothing and is logged: it never holds up the others.
 */
export async function askProviders(
  providers: TriageProvider[],
  input: {
    incident: Incident;
    timeline: TimelineEvent[];
    triage: StoredTriage;
  },
  options: { timeoutMs: number; logger: LoggerService; now: () => Date },
): Promise<TriageAssistantNote[]> {
  const { incident, timeline, triage } = input;
  const notes = await Promise.all(
    providers.map(async provider => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), options.timeoutMs);
      try {
        const text = await provider.annotate(
          { incident, timeline, triage: { ...triage } },
          { signal: controller.signal },
        );
        return text
          ? [{ provider: provider.name, text, at: options.now().toISOString() }]
          : [];
      } catch (error) {
        options.logger.warn(
          `Triage provider ${provider.name} failed for ${incident.id}: ${error}`,
        );
        return [];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return notes.flat();
}
