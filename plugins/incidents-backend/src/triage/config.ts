import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { OpenAiCompatibleOptions } from './llm/OpenAiCompatibleTriageProvider';

export interface TriageConfig {
  /** A language model to add notes to triage; absent unless configured and enabled. */
  llm?: OpenAiCompatibleOptions;
  /** How long a provider's note is waited for. */
  providerTimeoutMs: number;
  /** How long an open incident's changes settle before it is triaged again. */
  recomputeDelayMs: number;
}

/** `incidents.triage`: everything is optional; by default no language model is used. */
export function readTriageConfig(config: Config): TriageConfig {
  const triage = config.getOptionalConfig('incidents.triage');
  const llm = triage?.getOptionalConfig('llm');
  const timeout = llm?.has('timeout')
    ? durationToMilliseconds(readDurationFromConfig(llm, { key: 'timeout' }))
    : 20_000;
  return {
    providerTimeoutMs: timeout,
    recomputeDelayMs: triage?.has('recomputeDelay')
      ? durationToMilliseconds(
          readDurationFromConfig(triage, { key: 'recomputeDelay' }),
        )
      : 10_000,
    llm:
      llm && llm.getOptionalBoolean('enabled') === true
        ? {
            baseUrl: llm.getString('baseUrl'),
            model: llm.getString('model'),
            apiKey: llm.getOptionalString('apiKey'),
            maxTokens: llm.getOptionalNumber('maxTokens'),
          }
        : undefined,
  };
}
