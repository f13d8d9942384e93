import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useMemo, useReducer } from 'react';
import type { ObjectPreview, PlanPreview } from '../../runtime/preview/preview-types.js';
import { objectLines, objectTable, outcomeLine, planNotices, totalsLine, type Line, type Tone } from './preview-lines.js';

export interface PlanViewProps {
  readonly preview: PlanPreview;
  /** False when NO_COLOR is set: styles such as bold and inverse stay, colors go. */
  readonly color: boolean;
}

const toneColors: Readonly<Record<Tone, string | undefined>> = {
  heading: undefined,
  create: 'green',
  update: 'yellow',
  reject: 'red',
  warning: 'magenta',
  dim: undefined,
};

interface ViewState {
  readonly selected: number;
  /** The object whose details are shown; the list is shown when undefined. */
  readonly opened?: number;
  /** The first detail line shown. */
  readonly scroll: number;
  readonly quit: boolean;
}

type ViewAction = 'up' | 'down' | 'pageUp' | 'pageDown' | 'open' | 'back';

const letterActions: Readonly<Record<string, ViewAction>> = { k: 'up', j: 'down', ' ': 'pageDown', q: 'back' };

/** Lines the list and object screens keep for their titles and the key help. */
const chromeLines = 4;

/**
 * Renders the interactive `pmap plan` view: a row per object in load order with
 * its counts; Enter opens an object's samples, before -> after values,
 * rejects and uncovered value-map values. Up/Down or j/k move (and scroll
 * inside an object), Esc or q goes back, and q on the list quits.
 */
export function PlanView({ preview, color }: PlanViewProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const height = Math.max(10, (stdout.rows ?? 24) - 1);
  const bodyHeight = height - chromeLines;
  const objectCount = preview.objects.length;
  const table = useMemo(() => objectTable(preview), [preview]);

  // A reducer, not separate states, so keys typed faster than a render
  // (j then Enter) each act on the state the previous key left.
  const [state, dispatch] = useReducer((current: ViewState, action: ViewAction): ViewState => {
    if (current.opened === undefined) {
      if (action === 'up') return { ...current, selected: Math.max(0, current.selected - 1) };
      if (action === 'down') return { ...current, selected: Math.min(objectCount - 1, current.selected + 1) };
      if (action === 'open' && objectCount > 0) return { ...current, opened: current.selected, scroll: 0 };
      if (action === 'back') return { ...current, quit: true };
      return current;
    }
    const lastScroll = Math.max(0, objectLines(preview.objects[current.opened]!).length - bodyHeight);
    if (action === 'up') return { ...current, scroll: Math.max(0, current.scroll - 1) };
    if (action === 'down') return { ...current, scroll: Math.min(lastScroll, current.scroll + 1) };
    if (action === 'pageUp') return { ...current, scroll: Math.max(0, current.scroll - bodyHeight) };
    if (action === 'pageDown') return { ...current, scroll: Math.min(lastScroll, current.scroll + bodyHeight) };
    if (action === 'back') return { selected: current.selected, scroll: 0, quit: false };
    return current;
  }, { selected: 0, scroll: 0, quit: false });
  const { selected, opened, scroll } = state;
  const openedLines = useMemo(() => (opened === undefined ? [] : objectLines(preview.objects[opened]!)), [preview, opened]);

  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);

  useInput((input, key) => {
    if (key.upArrow) dispatch('up');
    else if (key.downArrow) dispatch('down');
    else if (key.pageUp) dispatch('pageUp');
    else if (key.pageDown) dispatch('pageDown');
    else if (key.return) dispatch('open');
    else if (key.escape) dispatch('back');
    else if (!key.ctrl && !key.meta) {
      // Keys typed faster than stdin is read arrive as one text ("jj"), so each letter counts.
      for (const letter of input) {
        const action = letterActions[letter];
        if (action) dispatch(action);
      }
    }
  });

  if (opened !== undefined) {
    const visible = openedLines.slice(scroll, scroll + bodyHeight);
    const more = openedLines.length > bodyHeight ? `  lines ${scroll + 1}-${scroll + visible.length} of ${openedLines.length}` : '';
    return (
      <Box flexDirection="column">
        {visible.map((line, index) => <StyledLine key={index} line={line} color={color} />)}
        <Text dimColor>{`\n↑/↓ or j/k scroll · PgUp/PgDn page · Esc or q back${more}`}</Text>
      </Box>
    );
  }

  const notices = [...planNotices(preview), outcomeLine(preview)];
  const rowsShown = Math.max(1, Math.min(objectCount, bodyHeight - 3));
  const firstRow = Math.min(Math.max(0, selected - rowsShown + 1), Math.max(0, objectCount - rowsShown));
  const noticeRoom = Math.max(0, bodyHeight - 3 - rowsShown);
  const shownNotices = notices.length <= noticeRoom ? notices : [...notices.slice(0, Math.max(0, noticeRoom - 1)), { text: `… ${notices.length - noticeRoom + 1} more lines: run pmap plan --format text to read them all`, tone: 'dim' as const }];
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{`pmap plan against Odoo ${preview.odooVersion}: ${totalsLine(preview)}`}</Text>
      <Text> </Text>
      <Text bold wrap="truncate-end">{`  ${table.header}`}</Text>
      {table.rows.slice(firstRow, firstRow + rowsShown).map((row, offset) => {
        const index = firstRow + offset;
        const object = preview.objects[index]!;
        const rowColor = color ? objectColor(object) : undefined;
        return (
          <Text key={object.object} inverse={index === selected} wrap="truncate-end" {...(rowColor ? { color: rowColor } : {})}>
            {`${index === selected ? '›' : ' '} ${row}`}
          </Text>
        );
      })}
      <Text> </Text>
      {shownNotices.map((line, index) => <StyledLine key={index} line={line} color={color} />)}
      <Text dimColor>{'\n↑/↓ or j/k move · Enter open · q quit'}</Text>
    </Box>
  );
}

/** Red for an object that cannot load or has rejects, yellow for one with changes. */
function objectColor(object: ObjectPreview): string | undefined {
  if (object.status !== 'computed' || object.counts.rejected > 0) return 'red';
  if (object.counts.create + object.counts.update > 0) return 'yellow';
  return undefined;
}

function StyledLine({ line, color }: { line: Line; color: boolean }) {
  const textColor = color && line.tone ? toneColors[line.tone] : undefined;
  // An empty Text collapses to no line at all; a space keeps the blank line.
  return (
    <Text bold={line.tone === 'heading'} dimColor={line.tone === 'dim'} wrap="truncate-end" {...(textColor ? { color: textColor } : {})}>
      {line.text === '' ? ' ' : line.text}
    </Text>
  );
}
