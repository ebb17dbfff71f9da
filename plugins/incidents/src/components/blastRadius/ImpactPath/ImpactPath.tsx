import { Fragment } from 'react';
import Typography from '@material-ui/core/Typography';
import { DEFAULT_NAMESPACE, parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ImpactPathStep,
  ImpactRelation,
} from '@lookout/plugin-incidents-common';

/** Each hop read forward, from the entity it leaves: "postgres-main, dependency of orders". */
export const IMPACT_RELATION_LABELS: Record<ImpactRelation, string> = {
  dependencyOf: 'dependency of',
  providesApi: 'provides',
  apiConsumedBy: 'consumed by',
  partOf: 'part of',
  dependsOn: 'depends on',
  consumesApi: 'consumes',
  apiProvidedBy: 'provided by',
};

/** A hop the reader may not see keeps its relation; the entity is named only this way. */
export const HIDDEN_ENTITY = 'an entity you cannot see';

/** `kind:name`, with the namespace only when it is not the default one. */
export function shortRef(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return namespace === DEFAULT_NAMESPACE
    ? `${kind}:${name}`
    : `${kind}:${namespace}/${name}`;
}

/** The path as one line of text, for searching, tooltips and screen readers. */
export function formatImpactPath(from: string, path: ImpactPathStep[]): string {
  return [
    shortRef(from),
    ...path.map(
      step =>
        `–${IMPACT_RELATION_LABELS[step.relation]}→ ${
          step.entityRef ? shortRef(step.entityRef) : HIDDEN_ENTITY
        }`,
    ),
  ].join(' ');
}

export interface ImpactPathProps {
  /** Where the path starts: the blast radius's root, or an incident's origin. */
  from: string;
  path: ImpactPathStep[];
}

/** A readable chain of entity links and the relations between them. */
export function ImpactPath(props: ImpactPathProps) {
  const { from, path } = props;
  return (
    <Typography component="span" variant="body2">
      <EntityRefLink entityRef={from} hideIcon disableTooltip />
      {path.map((step, index) => (
        <Fragment key={index}>
          <Typography component="span" variant="caption" color="textSecondary">
            {` –${IMPACT_RELATION_LABELS[step.relation]}→ `}
          </Typography>
          {step.entityRef ? (
            <EntityRefLink entityRef={step.entityRef} hideIcon disableTooltip />
          ) : (
            <em>{HIDDEN_ENTITY}</em>
          )}
        </Fragment>
      ))}
    </Typography>
  );
}
