// Chart export and chart behaviour after a real (tiny) training run: the exported SVG carries the
// title, subtitles and legend labels the page shows; equal-mass reliability bars cover only the
// confidences the predictions have; chart SVGs are no tab stops; focus follows Start and Cancel.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { collectPageErrors, linkFor, routeTinyModel, tinyMethods } from './helpers';

async function download(page: Page, button: Locator): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return readFileSync((await d.path())!);
}

/** Text as the exported SVG writes it (XML-escaped). */
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

test('exports charts with title, subtitles and legends; draws equal-mass bins at their widths; keeps focus', async ({ page, context }, testInfo) => {
  test.setTimeout(300_000);
  const errors = collectPageErrors(page);
  await routeTinyModel(context);
  await page.goto(linkFor({ backend: 'wasm', maxLength: 32, methods: tinyMethods(), seeds: [1], chart: { bins: 10, binning: 'mass', oodScore: 'entropy' } }));
  await expect(page.getByTestId('dataset-current')).toContainText('train 2785', { timeout: 60_000 });
  await page.getByText('Run options (quick runs').click();
  await page.getByTestId('max-examples').fill('24');
  await page.getByLabel('Evaluate every (steps, 0 = epoch)').fill('2');
  const start = page.getByTestId('start');
  await expect(start).toBeEnabled({ timeout: 60_000 });
  await start.focus();
  await page.keyboard.press('Enter');
  // Start disables itself while the batch runs: focus goes to Cancel, not to <body>.
  await expect(page.getByTestId('cancel')).toBeFocused();
  await expect(page.getByTestId('run-done')).toHaveCount(2, { timeout: 240_000 });
  // Cancel disables when the batch ends: focus comes back to Start.
  await expect(start).toBeFocused();

  // No chart surface is a tab stop: Tab goes from one chart's export buttons to the next chart's.
  await expect(page.locator('svg[tabindex]:not([tabindex="-1"])')).toHaveCount(0);
  await page.getByRole('button', { name: 'Export Training loss as SVG' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Export Validation accuracy and ECE as PNG' })).toBeFocused();

  // The reliability card: title, two panel subtitles (ECE / ACC), and the legend of its marks.
  const card = page.getByTestId('chart-reliability');
  const title = (await card.getAttribute('aria-label'))!;
  expect(title).toMatch(/^Reliability — B-LoRA-XS/);
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text (the heading's text-transform applied) is what the export draws
  const shownTitle = await card.locator('h3').innerText();
  const subtitles = await card.locator('div.small.muted').allInnerTexts();
  expect(subtitles).toHaveLength(2);
  for (const s of subtitles) expect(s).toMatch(/ · ECE \d\.\d{3} · ACC \d\.\d{3}$/);
  const legend = await card.getByRole('list', { name: 'Reliability diagram legend' }).locator('li').allInnerTexts();
  expect(legend).toEqual(expect.arrayContaining(['gap: over-confident', 'gap: under-confident', 'empty bin', 'histogram: correct', 'histogram: incorrect']));
  const svg = (await download(page, page.getByRole('button', { name: `Export ${title} as SVG` }))).toString('utf8');
  writeFileSync(testInfo.outputPath('reliability.svg'), svg);
  expect(svg).toContain(`<title>${xml(title)}</title>`);
  expect(svg).toContain(`>${xml(shownTitle)}</text>`);
  for (const s of subtitles) expect(svg).toContain(`>${xml(s)}</text>`);
  for (const l of legend) expect(svg).toContain(`>${xml(l.trim())}</text>`);
  // One swatch per legend colour, drawn as a rectangle (two runs' colours for the accuracy and correct entries).
  const swatches = await card.locator('[data-swatch]').count();
  expect(swatches).toBeGreaterThanOrEqual(legend.length);
  expect(svg.match(/<rect x="[\d.]+" y="[\d.]+" width="12" height="10"/g) ?? []).toHaveLength(swatches);
  // The export buttons are no part of the picture.
  expect(svg).not.toContain('>SVG</text>');
  expect(svg).not.toContain('>PNG</text>');

  // The training-loss card: Recharts' own legend labels (one per run) come along too.
  const loss = page.getByTestId('chart-loss');
  const series = await loss.locator('.recharts-legend-item-text').allInnerTexts();
  expect(series).toHaveLength(2);
  const lossSvg = (await download(page, page.getByRole('button', { name: 'Export Training loss as SVG' }))).toString('utf8');
  expect(lossSvg).toContain('<title>Training loss</title>');
  for (const s of series) expect(lossSvg).toContain(`>${xml(s)}</text>`);
  // The loss curves span the plot from edge to edge: the x axis fits the drawn points (the
  // prediction events at step 0 and beyond, with loss NaN, no longer widen it).
  const fit = await loss.evaluate((el) => {
    const grid = el.querySelector('.recharts-cartesian-grid')!.getBoundingClientRect();
    const dots = [...el.querySelectorAll('.recharts-line-dot')].map((d) => {
      const r = d.getBoundingClientRect();
      return r.left + r.width / 2;
    });
    return { left: grid.left, right: grid.right, first: Math.min(...dots), last: Math.max(...dots), n: dots.length };
  });
  expect(fit.n).toBeGreaterThan(4);
  expect(Math.abs(fit.first - fit.left)).toBeLessThan(2);
  expect(Math.abs(fit.last - fit.right)).toBeLessThan(2);
  const png = await download(page, page.getByRole('button', { name: `Export ${title} as PNG` }));
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  writeFileSync(testInfo.outputPath('reliability.png'), png);

  // Equal-mass bars span the predictions' confidences, not [0, 1]: compare the drawn extent of the
  // Bayesian-average panel's bars with the confidences in the predictions export (that run's test split).
  const csv = (await download(page, page.getByRole('button', { name: 'Predictions CSV' }))).toString('utf8').trim().split('\n');
  const col = csv[0].split(',').indexOf('confidence');
  const conf = csv.slice(1).map((line) => Number(line.split(',')[col]));
  const lo = Math.min(...conf);
  const hi = Math.max(...conf);
  const panel = card.getByRole('img', { name: /Bayesian average/ });
  const geometry = await panel.evaluate((el) => {
    // Tick labels are centred on their ticks; the x axis' "0" and "1" are the lowest of the two of each.
    const ticks = [...el.querySelectorAll('.recharts-cartesian-axis-tick-value')].map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }));
    const at = (label: string) => {
      const t = ticks.filter((x) => x.text === label).sort((a, b) => b.r.top - a.r.top)[0].r;
      return t.left + t.width / 2;
    };
    const bars = [...el.querySelectorAll('.bin-acc .recharts-reference-area-rect')].map((b) => b.getBoundingClientRect());
    return { x0: at('0'), x1: at('1'), left: Math.min(...bars.map((b) => b.left)), right: Math.max(...bars.map((b) => b.right)) };
  });
  const toConf = (px: number) => (px - geometry.x0) / (geometry.x1 - geometry.x0);
  expect(hi - lo).toBeLessThan(0.5);
  expect(toConf(geometry.left)).toBeCloseTo(lo, 2);
  expect(toConf(geometry.right)).toBeCloseTo(hi, 2);
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: testInfo.outputPath('reliability-mass.png') });
  expect(errors).toEqual([]);
});
