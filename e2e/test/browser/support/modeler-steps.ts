import type { Locator, Page } from 'playwright-core';

// Steps an analyst takes in the process modeler, shared by the browser journeys that draw.

/** Expands a group of a properties panel inside `scope` (no-op when it is open). */
export async function openGroup(scope: Page | Locator, groupId: string): Promise<void> {
  const header = scope.locator(`[data-group-id="${groupId}"] .bio-properties-panel-group-header`);
  if (!(await header.getAttribute('class'))?.split(' ').includes('open')) await header.click();
}

/** On a new diagram: selects the process (a click on the empty canvas) and gives it an id and a name. */
export async function nameNewProcess(page: Page, id: string, name: string): Promise<void> {
  await page.locator('[data-element-id="StartEvent_1"]').waitFor();
  await page.locator('.djs-container svg').first().click({ position: { x: 600, y: 60 } });
  await openGroup(page, 'group-general');
  await page.locator('#bio-properties-panel-id').fill(id);
  await page.locator('#bio-properties-panel-name').fill(name);
}

/**
 * Appends a task named `name` to the selected element with its context pad, and turns it into
 * `replaceWith` (a replace-menu entry such as `replace-with-user-task`).
 */
export async function appendTask(page: Page, name: string, replaceWith: string): Promise<void> {
  await page.locator('.djs-context-pad [data-action="append.append-task"]').click();
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await page.locator('.djs-context-pad [data-action="replace"]').click();
  await page.locator(`.djs-popup [data-id="${replaceWith}"]`).click();
}
