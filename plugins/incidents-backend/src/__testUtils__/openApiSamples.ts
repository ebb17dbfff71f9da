type Json = any;

/** The schema `node` is, its $refs (pointers into `document`) followed. */
export function followRefs(document: Json, node: Json): Json {
  let current = node;
  while (current?.$ref) {
    current = current.$ref
      .slice(2)
      .split('/')
      .map((p: string) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((n: Json, part: string) => n?.[part], document);
  }
  return current;
}

/**
 * `node` with its $ref followed and its allOf merged (properties and required together); of
 * oneOf/anyOf alternatives that only require fields, the first one's; of other alternatives,
 * the first that is not null.
 */
export function resolveSchema(document: Json, node: Json): Json {
  const resolve = (n: Json) => resolveSchema(document, n);
  const current = followRefs(document, node);
  if (current?.allOf) {
    const parts = current.allOf.map(resolve);
    return resolve({
      ...Object.assign({}, ...parts),
      ...current,
      allOf: undefined,
      properties: Object.assign(
        {},
        ...parts.map((p: Json) => p.properties),
        current.properties,
      ),
      required: [
        ...parts.flatMap((p: Json) => p.required ?? []),
        ...(current.required ?? []),
      ],
    });
  }
  const branches = current?.oneOf ?? current?.anyOf;
  if (branches && current.properties) {
    // Branches that only ask for one of the properties: take the first.
    return {
      ...current,
      required: [...(current.required ?? []), ...(branches[0].required ?? [])],
    };
  }
  if (branches) {
    return resolve(branches.find((b: Json) => resolve(b).type !== 'null'));
  }
  return current;
}

/**
 * A JSON value the schema at `ref` of `document` (openapi.yaml as written) accepts, built from
 * its examples, defaults, enums and types: `values` by property name first (entity refs, dates),
 * then `example`, `default`, `const`, the first `enum`. Optional properties only when `full`.
 */
export function sampleOf(
  document: Json,
  ref: string,
  options: { full?: boolean; values?: Record<string, unknown> } = {},
): unknown {
  const resolve = (node: Json) => resolveSchema(document, node);
  const sample = (node: Json, name?: string): unknown => {
    if (name && options.values && name in options.values) {
      return options.values[name];
    }
    // The schema's own example first: alternatives may not carry one.
    const schema = resolve(node);
    for (const candidate of [followRefs(document, node), schema]) {
      for (const key of ['example', 'default', 'const']) {
        if (candidate[key] !== undefined) return candidate[key];
      }
    }
    if (schema.enum) return schema.enum[0];
    const type = [schema.type].flat().find((t: string) => t !== 'null');
    switch (type) {
      case 'object': {
        const pick = (required: string[]) =>
          Object.fromEntries(
            Object.entries<Json>(schema.properties ?? {})
              .filter(([key]) => options.full || required.includes(key))
              .map(([key, value]) => [key, sample(value, key)]),
          );
        const object = pick(schema.required ?? []);
        // `if: {properties: {x: {const}}}, then: {required}`: a sample that meets the condition
        // takes what it then requires.
        const condition = Object.entries<Json>(schema.if?.properties ?? {});
        return condition.length > 0 &&
          condition.every(([key, s]) => object[key] === s.const)
          ? pick([...(schema.required ?? []), ...(schema.then?.required ?? [])])
          : object;
      }
      case 'array':
        return Array.from(
          { length: Math.max(schema.minItems ?? 0, options.full ? 1 : 0) },
          () => sample(schema.items ?? {}),
        );
      case 'integer':
      case 'number':
        return schema.minimum ?? 1;
      case 'boolean':
        return false;
      case 'string':
        if (schema.format === 'date-time') return new Date().toISOString();
        if (schema.format === 'date')
          return new Date().toISOString().slice(0, 10);
        if (schema.format === 'uri') return 'https://example.com/';
        if (schema.format === 'email') return 'someone@example.com';
        return 'x'.repeat(Math.max(schema.minLength ?? 0, 6));
      default:
        return schema.properties ? sample({ ...schema, type: 'object' }) : {};
    }
  };
  return sample({ $ref: ref });
}
