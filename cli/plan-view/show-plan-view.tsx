import { render } from 'ink';
import type { PlanPreview } from '../../runtime/preview/preview-types.js';
import { PlanView } from './plan-view.js';

/** Shows the interactive plan view on the terminal and resolves when the user quits. */
export async function showPlanView(preview: PlanPreview, options: { color: boolean }): Promise<void> {
  const instance = render(<PlanView preview={preview} color={options.color} />);
  await instance.waitUntilExit();
}
