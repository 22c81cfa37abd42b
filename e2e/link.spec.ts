import { expect, test } from '@playwright/test';
import { methodDefaults } from '../src/methods/settings';
import { buildHash } from '../src/state/url_codec';
import { defaultShareableState } from '../src/state/defaults';
import { collectPageErrors } from './helpers';

// The default settings as a link: a page opened from a link keeps its settings (the CPU quick
// comparison default applies only to first visits without one).
const DEFAULTS_LINK = './' + buildHash(defaultShareableState());

test('a garbled link falls back to the defaults and says why', async ({ page }, testInfo) => {
  const errors = collectPageErrors(page);
  await page.goto('./#s=this-is-not-a-valid-link&zz=1');
  const banner = page.getByTestId('link-warnings');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('ignored unknown link part');
  await expect(banner).toContainText("ignored the link's settings");
  await expect(page.getByTestId('dataset-current')).toContainText('Amazon Fine Food reviews');
  await expect(page.locator('fieldset.method-card')).toHaveCount(2);
  await page.screenshot({ path: testInfo.outputPath('garbled-link.png') });
  await page.getByRole('button', { name: 'Dismiss link warnings' }).click();
  await expect(banner).toHaveCount(0);
  // Dismissing put the settings in use into the address bar: a reload no longer warns.
  await expect.poll(() => page.evaluate(() => location.hash)).not.toContain('this-is-not-a-valid-link');
  await page.reload();
  await expect(page.getByTestId('dataset-current')).toContainText('Amazon Fine Food reviews');
  await expect(page.getByTestId('link-warnings')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a tampered setting is replaced by its default with a warning', async ({ page }) => {
  const bad = { ...methodDefaults('b-lora-xs'), r: -3, c: -1 };
  const hash = buildHash({ ...defaultShareableState(), methods: [bad], maxLength: 100000 });
  await page.goto('./' + hash);
  const banner = page.getByTestId('link-warnings');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('r');
  const card = page.locator('fieldset.method-card');
  await expect(card).toHaveCount(1);
  // The values shown are valid ones, never the tampered numbers.
  await expect(card.getByLabel('Rank r')).not.toHaveValue('-3');
  await expect(card.getByLabel('c (sampling scale)')).not.toHaveValue('-1');
  await expect(page.getByLabel('Max token length')).not.toHaveValue('100000');
});

test('a shared link restores the same settings in a fresh browser context', async ({ page, browser }, testInfo) => {
  await page.goto(DEFAULTS_LINK);
  await expect(page.getByTestId('dataset-current')).toContainText('Amazon Fine Food reviews');
  await page.getByLabel('Method kind to add').selectOption('swag-lora');
  await page.getByTestId('add-method').click();
  await page.getByLabel('Bins').selectOption('20');
  await page.getByLabel('Binning').selectOption('mass');
  await page.getByLabel('Max token length').fill('64');
  await page.getByTestId('builtin-select').selectOption('spam-assassin');
  await expect(page.getByTestId('dataset-current')).toContainText('SpamAssassin');
  await expect.poll(() => page.url()).toContain('#s=');
  // URL sync is debounced: wait until the hash stops changing.
  let url = '';
  await expect
    .poll(
      async () => {
        const u = page.url();
        const same = u === url;
        url = u;
        return same;
      },
      { intervals: [400, 400, 400] },
    )
    .toBe(true);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(other.getByTestId('link-warnings')).toHaveCount(0);
  await expect(other.locator('fieldset.method-card')).toHaveCount(3);
  await expect(other.getByTestId('swag-lora-kind')).toHaveValue('swag-lora');
  await expect(other.getByLabel('Bins')).toHaveValue('20');
  await expect(other.getByLabel('Binning')).toHaveValue('mass');
  await expect(other.getByLabel('Max token length')).toHaveValue('64');
  await expect(other.getByTestId('dataset-current')).toContainText('SpamAssassin');
  await other.screenshot({ path: testInfo.outputPath('restored.png') });
  await fresh.close();
});

test('run options travel in the link: edited ones are restored by a fresh browser, old links keep the quick defaults', async ({ page, browser }) => {
  await page.goto('./' + buildHash({ ...defaultShareableState(), backend: 'wasm' }));
  await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  // A link without run options (every link made before them) gets the backend's quick defaults.
  await expect(page.getByTestId('quick-note')).toContainText('capped at 512 examples');
  const before = page.url();
  await page.getByText('Run options (quick runs').click();
  await page.getByTestId('max-examples').fill('300');
  await page.getByTestId('max-steps').fill('40');
  await page.getByTestId('k-sweep').check();
  await expect(page.getByTestId('quick-note')).toHaveCount(0);
  // The link follows the settings after a short debounce.
  await page.waitForFunction((b) => location.href !== b, before);
  await page.waitForTimeout(500);
  const link = page.url();
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await other.getByText('Run options (quick runs').click();
  await expect(other.getByTestId('max-examples')).toHaveValue('300');
  await expect(other.getByTestId('max-steps')).toHaveValue('40');
  await expect(other.getByTestId('k-sweep')).toBeChecked();
  await expect(other.getByTestId('quick-note')).toHaveCount(0);
  await fresh.close();
});

test('a link pasted into an open tab (only the fragment changes) is applied without a reload', async ({ page }) => {
  await page.goto(DEFAULTS_LINK);
  await expect(page.getByTestId('dataset-current')).toContainText('Amazon Fine Food reviews');
  await expect(page.locator('fieldset.method-card')).toHaveCount(2);
  const marker = await page.evaluate(() => ((window as unknown as { __same: number }).__same = 42));
  const hash = buildHash({ ...defaultShareableState(), methods: [methodDefaults('lora', 'lora')], maxLength: 64 });
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await expect(page.locator('fieldset.method-card')).toHaveCount(1);
  await expect(page.getByLabel('Max token length')).toHaveValue('64');
  expect(await page.evaluate(() => (window as unknown as { __same?: number }).__same)).toBe(marker); // no reload
});

test('a pasted link asks first when a method edit is not applied yet: declined keeps it, accepted loads the link', async ({ page }) => {
  await page.goto(DEFAULTS_LINK);
  await expect(page.locator('fieldset.method-card')).toHaveCount(2);
  const card = page.locator('fieldset.method-card').first();
  await card.getByLabel('Adapter lr').fill('0'); // refused: stays a draft, not in the link
  const hash = buildHash({ ...defaultShareableState(), methods: [methodDefaults('lora', 'lora')], maxLength: 64 });
  const questions: string[] = [];
  page.once('dialog', (d) => {
    questions.push(d.message());
    void d.dismiss();
  });
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await expect.poll(() => questions.length).toBe(1);
  expect(questions[0]).toContain('1 method edit not applied yet');
  await expect(page.locator('fieldset.method-card')).toHaveCount(2);
  await expect(card.getByLabel('Adapter lr')).toHaveValue('0');
  await expect.poll(() => page.evaluate(() => location.hash)).not.toBe(hash); // the fragment is put back
  page.once('dialog', (d) => void d.accept());
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await expect(page.locator('fieldset.method-card')).toHaveCount(1);
  await expect(page.getByLabel('Max token length')).toHaveValue('64');
});

test('method ids that name Object.prototype members (constructor, tostring-like) do not blank the page', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(
    './' + buildHash({ ...defaultShareableState(), methods: [methodDefaults('lora-xs', 'constructor'), methodDefaults('lora', 'hasownproperty')] }),
  );
  await expect(page.locator('fieldset.method-card')).toHaveCount(2);
  await expect(page.getByTestId('render-error')).toHaveCount(0);
  await page.reload();
  await expect(page.locator('fieldset.method-card')).toHaveCount(2);
  expect(errors).toEqual([]);
});
