import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_TIME_ZONE,
  AUTOMATION_STEP_DEFINITIONS,
  Distribution,
  DurationFigure,
  IncidentInsights,
  INSIGHTS_DEFINITIONS,
  INSIGHTS_STATUSES,
  INSIGHTS_TARGETS,
  InsightsQuery,
  InsightsRequest,
  InsightsStatus,
  Share,
  ShareFigure,
  Weekly,
} from '@lookout/plugin-incidents-common';
import { IANAZone } from 'luxon';
import { normalizeRef } from '../lib/entityRefs';
import { IncidentsAuthorizer } from '../permissions/IncidentsAuthorizer';
import { InsightsScope, InsightsStore, Measured } from './InsightsStore';
import { weekOf, weekStart } from './sqlDialect';
import { zoneSegments } from './zoneSegments';

const DAY_MS = 86_400_000;
/** Without `from`, the range is the 28 days up to `to`. */
const DEFAULT_RANGE_DAYS = 28;
/** A year and a bit: weekly series stay readable, and queries bounded. */
const MAX_RANGE_DAYS = 400;

export type { InsightsRequest };

export interface InsightsOptions {
  /** Hours after a deploy in which an incident on its entity counts as its failure. */
  changeFailureWindowHours: number;
  /** The zone of people with no zone of their own. */
  defaultTimeZone: string;
}

/** Turns a team, system or domain into entity refs along the catalog. */
export interface InsightsCatalog {
  /** The group and its sub-teams (`childOf`, transitively). */
  teamTree(
    groupRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[]>;
  /** The group itself and what it owns. */
  ownedBy(
    groupRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[]>;
  /** The entity and what is (transitively) part of it. */
  partsOf(ref: string, credentials: BackstageCredentials): Promise<string[]>;
  /**
   * What depends on each of `refs` (transitively, along the catalog graph's downstream walk),
   * by ref; refs with nothing downstream may be left out.
   */
  downstreamOf(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, string[]>>;
  /** The `lookout.dev/time-zone` annotation of each user that has one. */
  userAnnotations(
    userRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, Record<string, string>>>;
}

const round = (seconds: number | null) =>
  seconds === null ? null : Math.round(seconds * 1000) / 1000;

/**
 * The mission's figures over the incidents the reader may read: the rules of what is in
 * scope, how people's clocks are found, and how each figure is presented (definition,
 * target, every week of the range).
 */
export class InsightsService {
  constructor(
    private readonly options: {
      store: InsightsStore;
      authorizer: Pick<IncidentsAuthorizer, 'readCondition'>;
      catalog: InsightsCatalog;
      settings: InsightsOptions;
      now?: () => Date;
    },
  ) {}

  async insights(
    request: InsightsRequest,
    credentials: BackstageCredentials,
  ): Promise<IncidentInsights> {
    const query = this.query(request);
    const scope: InsightsScope = {
      from: query.from,
      to: query.to,
      severity: query.severity,
      source: query.source,
      condition: await this.options.authorizer.readCondition(credentials),
      ...(await this.scopeRefs(query, credentials)),
    };
    const { store, settings } = this.options;
    const weeks = weeksOf(query.from, query.to);
    const durationFigure = (
      measured: Measured<Distribution>,
      definition: string,
      targetSeconds?: number,
    ): DurationFigure => ({
      ...roundDistribution(measured.overall),
      definition,
      ...(targetSeconds !== undefined ? { targetSeconds } : {}),
      weekly: fillWeeks(weeks, measured.weekly, {
        median: null,
        p90: null,
        n: 0,
      }).map(w => ({ ...w, ...roundDistribution(w) })),
    });
    const shareFigure = (
      measured: Measured<Share>,
      definition: string,
      target?: number,
    ): ShareFigure => ({
      ...measured.overall,
      definition,
      ...(target !== undefined ? { target } : {}),
      weekly: fillWeeks(weeks, measured.weekly, {
        share: null,
        numerator: 0,
        denominator: 0,
      }),
    });

    const today = (this.options.now?.() ?? new Date())
      .toISOString()
      .slice(0, 10);
    const lastDay = new Date(
      Math.min(Date.parse(query.to), Date.parse(`${today}T23:59:59Z`)),
    )
      .toISOString()
      .slice(0, 10);
    const [figures, onCallLoad, changeFailure] = await Promise.all([
      store.incidentFigures(scope, lastDay),
      this.onCallLoad(scope, credentials),
      this.changeFailure(scope, credentials),
    ]);
    const { incidents, durations, automation, actionItems } = figures;

    const automationShare = automation.steps.reduce(
      (sum, step) => ({
        numerator: sum.numerator + step.automated,
        denominator: sum.denominator + step.automated + step.manual,
      }),
      { numerator: 0, denominator: 0 },
    );
    return {
      query,
      incidents: {
        n: incidents.overall.n,
        weekly: fillWeeks(weeks, incidents.weekly, { n: 0 }),
      },
      response: {
        firstPage: durationFigure(
          durations.firstPage,
          INSIGHTS_DEFINITIONS.firstPage,
          INSIGHTS_TARGETS.responseSeconds,
        ),
        triageReady: durationFigure(
          durations.triageReady,
          INSIGHTS_DEFINITIONS.triageReady,
          INSIGHTS_TARGETS.responseSeconds,
        ),
        acknowledged: durationFigure(
          durations.acknowledged,
          INSIGHTS_DEFINITIONS.acknowledged,
          INSIGHTS_TARGETS.responseSeconds,
        ),
      },
      resolve: {
        resolved: durationFigure(
          durations.resolved,
          INSIGHTS_DEFINITIONS.resolved,
          INSIGHTS_TARGETS.resolveSeconds,
        ),
        inStatus: Object.fromEntries(
          INSIGHTS_STATUSES.map(status => [
            status,
            durationFigure(durations[status], INSIGHTS_DEFINITIONS.inStatus),
          ]),
        ) as Record<InsightsStatus, DurationFigure>,
      },
      customersNotified: {
        statusPage: shareFigure(
          figures.statusPage,
          INSIGHTS_DEFINITIONS.statusPage,
          INSIGHTS_TARGETS.customersNotified,
        ),
        supportReporters: shareFigure(
          figures.supportReporters,
          INSIGHTS_DEFINITIONS.supportReporters,
          INSIGHTS_TARGETS.customersNotified,
        ),
        all: shareFigure(
          addShares(figures.statusPage, figures.supportReporters),
          INSIGHTS_DEFINITIONS.customersNotified,
          INSIGHTS_TARGETS.customersNotified,
        ),
      },
      automation: {
        ...shareFigure(
          {
            overall: {
              share:
                automationShare.denominator > 0
                  ? automationShare.numerator / automationShare.denominator
                  : null,
              ...automationShare,
            },
            weekly: automation.weekly,
          },
          INSIGHTS_DEFINITIONS.automation,
          INSIGHTS_TARGETS.automation,
        ),
        steps: automation.steps.map(step => ({
          ...step,
          counts: AUTOMATION_STEP_DEFINITIONS[step.step],
        })),
      },
      recurrence: {
        within30Days: shareFigure(
          figures.within30Days,
          INSIGHTS_DEFINITIONS.recurrence30,
        ),
        within90Days: shareFigure(
          figures.within90Days,
          INSIGHTS_DEFINITIONS.recurrence90,
        ),
        actionItems: {
          definition: INSIGHTS_DEFINITIONS.actionItems,
          ...actionItems,
        },
      },
      onCallLoad: {
        definition: INSIGHTS_DEFINITIONS.onCallLoad,
        ...onCallLoad,
      },
      changeFailure: {
        windowHours: settings.changeFailureWindowHours,
        rate: shareFigure(
          changeFailure.rate,
          INSIGHTS_DEFINITIONS.changeFailure,
        ),
        timeToRecover: durationFigure(
          changeFailure.recover,
          INSIGHTS_DEFINITIONS.timeToRecover,
        ),
      },
    };
  }

  /** The query as it will be applied: refs normalised, the range defaulted and checked. */
  private query(request: InsightsRequest): InsightsQuery {
    const now = this.options.now?.() ?? new Date();
    const to = request.to ? new Date(request.to) : now;
    const from = request.from
      ? new Date(request.from)
      : new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
    if (from.getTime() >= to.getTime()) {
      throw new InputError('from: must be before to');
    }
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
      throw new InputError(
        `from: the range may span at most ${MAX_RANGE_DAYS} days`,
      );
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      ...(request.groupRef
        ? { groupRef: normalizeRef(request.groupRef, 'groupRef') }
        : {}),
      ...(request.entityRef
        ? { entityRef: normalizeRef(request.entityRef, 'entityRef') }
        : {}),
      ...(request.severity?.length ? { severity: request.severity } : {}),
      ...(request.source?.length ? { source: request.source } : {}),
    };
  }

  /**
   * A team stands for itself, its sub-teams and all they own (and the incidents they owned
   * when declared); an entity for itself and its parts (a domain's systems, a system's
   * components). Both named: what the team owns within the entity.
   */
  private async scopeRefs(
    query: InsightsQuery,
    credentials: BackstageCredentials,
  ): Promise<Pick<InsightsScope, 'entityRefs' | 'ownerRefs'>> {
    const { catalog } = this.options;
    let entityRefs: string[] | undefined;
    let ownerRefs: string[] | undefined;
    if (query.groupRef) {
      const teams = await catalog.teamTree(query.groupRef, credentials);
      const owned = await Promise.all(
        teams.map(team => catalog.ownedBy(team, credentials)),
      );
      entityRefs = [...new Set(owned.flat())];
      ownerRefs = teams;
    }
    if (query.entityRef) {
      const parts = await catalog.partsOf(query.entityRef, credentials);
      entityRefs = entityRefs
        ? entityRefs.filter(ref => parts.includes(ref))
        : parts;
      ownerRefs = undefined;
    }
    return {
      ...(entityRefs ? { entityRefs } : {}),
      ...(ownerRefs ? { ownerRefs } : {}),
    };
  }

  /**
   * Change failure over the deploys in scope: an incident counts on the deployed entity and on
   * every entity downstream of it in the catalog graph (what fails when it fails).
   */
  private async changeFailure(
    scope: InsightsScope,
    credentials: BackstageCredentials,
  ) {
    const { store, catalog, settings } = this.options;
    const deployed = await store.deployedEntities(scope);
    const downstream = deployed.length
      ? await catalog.downstreamOf(deployed, credentials)
      : new Map<string, string[]>();
    return store.changeFailure(
      scope,
      settings.changeFailureWindowHours,
      downstream,
    );
  }

  /** Pages per person and team, on each person's clock. */
  private async onCallLoad(
    scope: InsightsScope,
    credentials: BackstageCredentials,
  ) {
    const { store, settings } = this.options;
    const people = await store.pagedPeople(scope);
    if (people.length === 0) return { people: [], teams: [] };
    const zones = await this.zonesOf(people, credentials);
    const fromMs = Date.parse(scope.from) - DAY_MS;
    const toMs =
      Math.max(
        Date.parse(scope.to),
        (this.options.now?.() ?? new Date()).getTime(),
      ) + DAY_MS;
    const segments = people.flatMap(person =>
      zoneSegments(
        person,
        zones.get(person) ?? settings.defaultTimeZone,
        fromMs,
        toMs,
      ),
    );
    const { people: byPerson, teams: byTeam } = await store.pageLoad(
      scope,
      segments,
    );
    return {
      people: byPerson.map(({ teamRef: _team, ...row }) => ({
        ...row,
        timeZone: zones.get(row.userRef) ?? settings.defaultTimeZone,
      })),
      teams: byTeam.map(({ userRef: _user, ...row }) => row),
    };
  }

  /** Each person's zone: their annotation, else a schedule they are on; valid zones only. */
  private async zonesOf(
    people: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, string>> {
    const { store, catalog } = this.options;
    const [annotations, schedules] = await Promise.all([
      catalog.userAnnotations(people, credentials),
      store.scheduleZones(people),
    ]);
    const zones = new Map<string, string>();
    for (const person of people) {
      const own = annotations.get(person)?.[ANNOTATION_TIME_ZONE];
      const zone = [own, schedules.get(person)].find(
        candidate => candidate && IANAZone.isValidZone(candidate),
      );
      if (zone) zones.set(person, zone);
    }
    return zones;
  }
}

/** Two shares of the same weeks added up: numerators and denominators. */
function addShares(a: Measured<Share>, b: Measured<Share>): Measured<Share> {
  const add = (x: Share, y: Share) => {
    const numerator = x.numerator + y.numerator;
    const denominator = x.denominator + y.denominator;
    return {
      share: denominator > 0 ? numerator / denominator : null,
      numerator,
      denominator,
    };
  };
  const weeks = new Map(a.weekly.map(w => [w.week, w]));
  for (const w of b.weekly) {
    const seen = weeks.get(w.week);
    weeks.set(w.week, seen ? { week: w.week, ...add(seen, w) } : w);
  }
  return {
    overall: add(a.overall, b.overall),
    weekly: [...weeks.values()].sort((x, y) => x.week.localeCompare(y.week)),
  };
}

function roundDistribution(d: Distribution): Distribution {
  return { median: round(d.median), p90: round(d.p90), n: d.n };
}

/** Every week (Monday, UTC) that overlaps [from, to). */
function weeksOf(from: string, to: string): string[] {
  const weeks: string[] = [];
  const last = weekOf(new Date(Date.parse(to) - 1).toISOString());
  for (let week = weekOf(from); week <= last; week++)
    weeks.push(weekStart(week));
  return weeks;
}

/** The measured weeks, with `empty` for each week of the range that has no data. */
function fillWeeks<T extends object>(
  weeks: string[],
  measured: Array<Weekly<T>>,
  empty: T,
): Array<Weekly<T>> {
  const byWeek = new Map(measured.map(w => [w.week, w]));
  return weeks.map(week => byWeek.get(week) ?? { ...empty, week });
}
