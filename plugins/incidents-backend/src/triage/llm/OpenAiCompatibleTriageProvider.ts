import {
  TriageProvider,
  TriageProviderInput,
} from '@lookout/plugin-incidents-node';

export interface OpenAiCompatibleOptions {
  /** The API's base URL, up to and including `/v1`, e.g. `http://localhost:11434/v1`. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer …` when given; local servers often need none. */
  apiKey?: string;
  /** The most tokens the answer may take. */
  maxTokens?: number;
  fetch?: typeof fetch;
}

const SYSTEM_PROMPT =
  'You help incident responders. You are given an incident and the suggestions of a ' +
  'rule-based triage assistant, each with a score and its reasons. In at most 120 words of ' +
  'Markdown, say which probable cause you would check first and why, what to verify to ' +
  'confirm or rule it out, and anything in the evidence the suggestions seem to miss. ' +
  'Do not invent facts that are not in the input.';

/**
 * A triage provider for any language model behind an OpenAI-compatible chat completions API
 * (OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp, LiteLLM). It sees what the built-in
 * assistant found and adds a short reading of it; it never replaces the suggestions.
 */
export class OpenAiCompatibleTriageProvider implements TriageProvider {
  readonly name: string;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    this.name = `openai-compatible:${options.model}`;
  }

  async annotate(
    input: TriageProviderInput,
    { signal }: { signal: AbortSignal },
  ): Promise<string | undefined> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    const response = await (this.options.fetch ?? fetch)(url, {
      method: 'POST',
      signal,
      headers: {
        'Content-Type': 'application/json',
        ...(this.options.apiKey
          ? { Authorization: `Bearer ${this.options.apiKey}` }
          : {}),
      },
      body: JSON.stringify({
        model: this.options.model,
        temperature: 0.2,
        max_tokens: this.options.maxTokens ?? 400,
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: describe(input) },
        ],
      }),
    });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new Error(
        `${url} answered ${response.status}: ${text.slice(0, 200)}`,
      );
    }
    const body = (await response.json()) as {
      choices?: Array<{ message?: { content?: string | null } }>;
    };
    const content = body.choices?.[0]?.message?.content?.trim();
    return content || undefined;
  }
}

/** The incident and the built-in suggestions as plain text: what the model reads. */
export function describe(input: TriageProviderInput): string {
  const { incident, triage } = input;
  const lines = [
    `Incident ${incident.id}: ${incident.title}`,
    `Origin: ${incident.entityRef}; declared ${incident.severity}; status ${incident.status}`,
    incident.description ? `Description: ${incident.description}` : '',
    `Suggested severity: ${triage.severity.severity} (${triage.severity.reasons
      .map(r => r.text)
      .join('; ')})`,
    'Probable causes:',
    ...triage.causes
      .slice(0, 5)
      .map(
        (c, i) =>
          `${i + 1}. ${c.entityRef} (score ${c.score}, ${
            c.distance
          } hops upstream): ${c.reasons.map(r => r.text).join('; ')}`,
      ),
    'Similar past incidents:',
    ...triage.similar
      .slice(0, 3)
      .map(
        s =>
          `- ${s.incidentId} ${s.title}${
            s.resolution ? ` — resolved: ${s.resolution}` : ''
          }`,
      ),
    'Timeline so far:',
    triage.timelineSummary,
  ];
  return lines.filter(Boolean).join('\n');
}
