/* A view as the tests read it: Block Kit JSON. */
type View = Record<string, any>;

/** Slack's caps that the fake enforces on a modal (Block Kit reference). */
const MAX_TITLE = 24;
const MAX_BLOCKS = 100;
const MAX_OPTION_TEXT = 75;
const MAX_OPTION_VALUE = 75;
const MAX_OPTIONS = 100;
const MAX_SECTION_TEXT = 3000;
/** What `min_query_length` is when a menu does not say. */
const DEFAULT_MIN_QUERY = 3;

/**
 * Modals as Slack keeps them, for the fake Slack: `views.open` and `views.update` check the
 * view (a title of at most 24 characters, at most 100 blocks, unique block ids, a submit
 * button when it has inputs, options of at most 75 characters) and answer `invalid_arguments`
 * otherwise; every view has an id and a hash that changes on each update, and an update with
 * an old hash gets `hash_conflict`. Slack's side of a menu with external options is played by
 * {@link FakeViews.suggestion} and {@link FakeViews.selection}: they write the payloads Slack
 * would send, and refuse what Slack would never send.
 */
export class FakeViews {
  /** Every view opened, in order. */
  readonly opened: View[] = [];
  private readonly current = new Map<string, { view: View; hash: string }>();
  private next = 1;

  open(args: Record<string, string>): Record<string, unknown> {
    if (!args.trigger_id) throw new Error('invalid_trigger_id');
    const view = checked(args.view);
    this.opened.push(view);
    return this.store(`V${String(this.next++).padStart(8, '0')}`, view);
  }

  update(args: Record<string, string>): Record<string, unknown> {
    const id = args.view_id;
    if (!id) throw new Error('invalid_arguments');
    const shown = this.current.get(id);
    if (!shown) throw new Error('not_found');
    if (args.hash && args.hash !== shown.hash) throw new Error('hash_conflict');
    return this.store(id, checked(args.view));
  }

  /** The view with this id as the user sees it now. */
  get(viewId: string): View & { id: string; hash: string } {
    const shown = this.current.get(viewId);
    if (!shown) throw new Error(`No view ${viewId}`);
    return { ...shown.view, id: viewId, hash: shown.hash };
  }

  /** The id of the view opened `index`-th (0 first). */
  idOf(index: number): string {
    return `V${String(index + 1).padStart(8, '0')}`;
  }

  /**
   * The `block_suggestion` payload Slack sends when `userId` types `typed` into the external
   * menu at `blockId`/`actionId` of the view; throws where Slack would send nothing.
   */
  suggestion(
    viewId: string,
    userId: string,
    at: { blockId: string; actionId: string },
    typed: string,
  ) {
    const view = this.get(viewId);
    const element = this.externalMenu(view, at);
    if (typed.length < (element.min_query_length ?? DEFAULT_MIN_QUERY)) {
      throw new Error(
        `Slack asks for options only from ${
          element.min_query_length ?? DEFAULT_MIN_QUERY
        } characters`,
      );
    }
    return {
      type: 'block_suggestion',
      ...from(viewId, userId),
      block_id: at.blockId,
      action_id: at.actionId,
      value: typed,
      view: this.payloadView(view, {}),
    };
  }

  /** Checks an answer to a `block_suggestion` as Slack reads it; answers its options. */
  options(
    answer: any,
  ): Array<{ text: { type: string; text: string }; value: string }> {
    const options = answer?.options;
    if (!Array.isArray(options))
      throw new Error('The answer has no options array');
    if (options.length > MAX_OPTIONS)
      throw new Error(`${options.length} options, over ${MAX_OPTIONS}`);
    options.forEach(checkOption);
    return options;
  }

  /**
   * The `block_actions` payload Slack sends when `userId` picks `option` in the external menu
   * at `blockId`/`actionId`: only for a menu in an input block with `dispatch_action` (else
   * Slack keeps the pick for the submission). `state` holds the form's other inputs.
   */
  selection(
    viewId: string,
    userId: string,
    at: { blockId: string; actionId: string },
    option: { text: { type: string; text: string }; value: string },
    state: Record<string, Record<string, unknown>> = {},
  ) {
    const view = this.get(viewId);
    this.externalMenu(view, at);
    const block = view.blocks.find((b: View) => b.block_id === at.blockId);
    if (block.type === 'input' && !block.dispatch_action) {
      throw new Error(
        'Slack sends no block_actions for an input block without dispatch_action',
      );
    }
    const picked = { type: 'external_select', selected_option: option };
    return {
      type: 'block_actions',
      ...from(viewId, userId),
      trigger_id: '2345.6789.bcde',
      view: this.payloadView(view, {
        ...state,
        [at.blockId]: { [at.actionId]: picked },
      }),
      actions: [
        {
          ...picked,
          action_id: at.actionId,
          block_id: at.blockId,
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    };
  }

  private store(id: string, view: View) {
    const hash = `${Math.floor(Date.now() / 1000)}.${this.next++}`;
    this.current.set(id, { view, hash });
    return { view: { ...view, id, hash } };
  }

  private externalMenu(view: View, at: { blockId: string; actionId: string }) {
    const block = view.blocks.find((b: View) => b.block_id === at.blockId);
    const elements: View[] = block?.element
      ? [block.element]
      : block?.elements ?? [];
    const element = elements.find(e => e.action_id === at.actionId);
    if (element?.type !== 'external_select') {
      throw new Error(
        `The view has no external_select at ${at.blockId}/${at.actionId}`,
      );
    }
    return element;
  }

  private payloadView(
    view: View & { id: string; hash: string },
    values: object,
  ) {
    return {
      id: view.id,
      hash: view.hash,
      type: 'modal',
      callback_id: view.callback_id ?? '',
      private_metadata: view.private_metadata ?? '',
      state: { values },
      blocks: view.blocks,
    };
  }
}

/** Who and where, as every interaction payload from a modal says it. */
function from(viewId: string, userId: string) {
  return {
    user: { id: userId, name: userId.toLowerCase(), team_id: 'T0001' },
    team: { id: 'T0001', domain: 'fake' },
    api_app_id: 'A0001',
    token: 'deprecated-verification-token',
    container: { type: 'view', view_id: viewId },
  };
}

/** The view of a views.open or views.update call, checked as Slack checks it. */
function checked(json: string | undefined): View {
  const view: View = typeof json === 'string' ? JSON.parse(json) : json;
  const fail = (why: string) => {
    throw Object.assign(new Error('invalid_arguments'), { why });
  };
  if (!view || view.type !== 'modal') fail('type must be modal');
  if (view.title?.type !== 'plain_text' || !view.title.text) fail('a title');
  if (view.title.text.length > MAX_TITLE) fail('title over 24 characters');
  const blocks: View[] = view.blocks ?? [];
  if (blocks.length > MAX_BLOCKS) fail('over 100 blocks');
  const ids = blocks.map(b => b.block_id).filter(Boolean);
  if (new Set(ids).size !== ids.length) fail('block_ids repeat');
  if (blocks.some(b => b.type === 'input') && !view.submit)
    fail('inputs need a submit');
  for (const block of blocks) {
    if (block.type === 'input' && (!block.label || !block.element?.action_id)) {
      fail('an input block has a label and an element with an action_id');
    }
    if (
      block.type === 'section' &&
      (block.text?.text ?? '').length > MAX_SECTION_TEXT
    ) {
      fail('section text over 3000 characters');
    }
    const element = block.element ?? {};
    [element.initial_option, ...(element.options ?? [])]
      .filter(Boolean)
      .forEach(checkOption);
  }
  return view;
}

function checkOption(option: any) {
  if (option?.text?.type !== 'plain_text' || typeof option.value !== 'string') {
    throw new Error('invalid_arguments');
  }
  if (
    option.text.text.length > MAX_OPTION_TEXT ||
    option.value.length > MAX_OPTION_VALUE
  ) {
    throw new Error('invalid_arguments');
  }
}
