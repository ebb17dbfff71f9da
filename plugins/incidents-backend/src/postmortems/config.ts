import { Config } from '@backstage/config';
import {
  PostmortemTemplateSection,
  TIMELINE_SECTION_KEY,
} from '@lookout/plugin-incidents-common';

const KEY_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** The sections every postmortem starts with when `incidents.postmortems.template` is not set. */
export const DEFAULT_TEMPLATE: PostmortemTemplateSection[] = [
  {
    key: 'summary',
    title: 'Summary',
    prompt: 'What happened, in two or three sentences a newcomer understands.',
  },
  {
    key: 'impact',
    title: 'Impact',
    prompt: 'Who was affected, how badly and for how long.',
  },
  { key: TIMELINE_SECTION_KEY, title: 'Timeline' },
  {
    key: 'root_cause',
    title: 'Root cause',
    prompt:
      'The underlying cause, not the trigger. Name the entity it lives in.',
  },
  {
    key: 'contributing_factors',
    title: 'Contributing factors',
    prompt: 'What made it worse or slower to fix.',
  },
  { key: 'went_well', title: 'What went well' },
  { key: 'went_badly', title: 'What did not go well' },
  { key: 'lessons', title: 'Lessons learned' },
];

export interface PostmortemsConfig {
  template: PostmortemTemplateSection[];
}

/** Reads `incidents.postmortems`; a bad template stops the backend with a message that says why. */
export function readPostmortemsConfig(config: Config): PostmortemsConfig {
  const root = config.getOptionalConfig('incidents.postmortems');
  const sections = root?.getOptionalConfigArray('template.sections');
  const template = sections
    ? sections.map(section => ({
        key: section.getString('key'),
        title: section.getString('title'),
        prompt: section.getOptionalString('prompt'),
      }))
    : DEFAULT_TEMPLATE;
  const seen = new Set<string>();
  for (const section of template) {
    if (!KEY_PATTERN.test(section.key)) {
      throw new Error(
        `incidents.postmortems.template.sections: key '${section.key}' must be lowercase ` +
          'letters, digits and underscores, starting with a letter',
      );
    }
    if (seen.has(section.key)) {
      throw new Error(
        `incidents.postmortems.template.sections: key '${section.key}' appears twice`,
      );
    }
    seen.add(section.key);
  }
  if (template.length === 0) {
    throw new Error(
      'incidents.postmortems.template.sections must list at least one section',
    );
  }
  return { template };
}
