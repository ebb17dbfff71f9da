import { StatusUpdateTemplate } from '@lookout/plugin-incidents-common';

/** The default update templates; `incidents.statusPage.templates` replaces any of them. */
export const DEFAULT_TEMPLATES: StatusUpdateTemplate[] = [
  {
    id: 'investigating',
    status: 'investigating',
    body: 'We are investigating reports of problems with {{components}}. {{customerImpact}} We will post an update as soon as we know more.',
  },
  {
    id: 'identified',
    status: 'identified',
    body: 'We have identified the cause of the problems with {{components}} and are working on a fix.',
  },
  {
    id: 'monitoring',
    status: 'monitoring',
    body: 'A fix has been put in place for {{components}} and we are monitoring the results.',
  },
  {
    id: 'resolved',
    status: 'resolved',
    body: 'The issue affecting {{components}} has been resolved, and everything is operating normally.',
  },
];

/** The templates of this page: the defaults, with the bodies the configuration replaces. */
export function statusUpdateTemplates(
  configured: Record<string, string>,
): StatusUpdateTemplate[] {
  return DEFAULT_TEMPLATES.map(t => ({
    ...t,
    body: configured[t.status] ?? t.body,
  }));
}

/** Fills `{{placeholder}}`s; unknown ones are left for the author to see. */
export function fillTemplate(
  template: string,
  values: Record<string, string>,
): string {
  return template
    .replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
      key in values ? values[key] : whole,
    )
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}
