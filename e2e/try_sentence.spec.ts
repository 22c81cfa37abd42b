// Issue 26 item 2, watched in Chromium: two tiny runs (LoRA-XS, B-LoRA-XS with 8 samples) trained in
// the page; a typed sentence gets each run's probabilities, entropy split and strip of sampled
// predictions (checked against computations made here from the shown numbers), and a picked test
// example shows exactly the run's own stored test probabilities; text typed while a run trains waits
// for it.
import { expect, test, type Locator } from '@playwright/test';
import { collectPageErrors, linkFor, routeTinyModel, tinyMethods } from './helpers';

const H = (ps: number[]) => -ps.reduce((s, p) => s + (p > 0 ? p * Math.log(p) : 0), 0);

async function numbers(run: Locator) {
  const attr = async (n: string) => Number(await run.getAttribute(n));
  return {
    probs: JSON.parse((await run.getAttribute('data-probs'))!) as number[],
    entropy: await attr('data-entropy'),
    expected: await attr('data-expected-entropy'),
    mi: await attr('data-mi'),
    strip: JSON.parse((await run.getByTestId('sample-strip').getAttribute('data-values'))!) as number[],
  };
}

test('try a sentence: typed text and a picked test example, per run, in the worker', async ({ page, context }, testInfo) => {
  test.setTimeout(240_000);
  const errors = collectPageErrors(page);
  await routeTinyModel(context);
  const [det, swag] = tinyMethods();
  await page.goto(linkFor({ backend: 'wasm', maxLength: 16, methods: [det, { ...swag, S: 8 }], seeds: [1], dataset: { kind: 'builtin', id: 'fine-foods' } }));
  await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await page.getByText('Run options (quick runs').click();
  await page.getByTestId('max-examples').fill('24');
  await expect(page.getByTestId('start')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-done')).toHaveCount(2, { timeout: 120_000 });

  const panel = page.getByTestId('try-sentence');
  await panel.getByTestId('try-text').fill('this tea is great, I would buy it again');
  const runs = panel.getByTestId('try-run');
  await expect(runs).toHaveCount(2, { timeout: 30_000 });
  const [one, bayes] = [runs.nth(0), runs.nth(1)];
  // The deterministic run: one dot, MI = 0; the SWAG run: 8 dots whose mean is its P(class 1).
  await expect(one.getByTestId('sample-dot')).toHaveCount(1);
  await expect(one.getByTestId('try-numbers')).toContainText('one model: MI = 0');
  await expect(bayes.getByTestId('sample-dot')).toHaveCount(8);
  await expect(panel.getByTestId('try-glossary')).toContainText('mutual information');
  for (const run of [one, bayes]) {
    const n = await numbers(run);
    expect(n.probs[0] + n.probs[1]).toBeCloseTo(1, 5);
    expect(Math.abs(n.entropy - H(n.probs))).toBeLessThan(1e-5);
    const mean = n.strip.reduce((s, v) => s + v, 0) / n.strip.length;
    expect(Math.abs(mean - n.probs[1])).toBeLessThan(1e-5);
    const expected = n.strip.reduce((s, v) => s + H([v, 1 - v]), 0) / n.strip.length;
    expect(Math.abs(expected - n.expected)).toBeLessThan(1e-5);
    expect(Math.abs(n.entropy - n.expected - n.mi)).toBeLessThan(1e-5);
  }
  expect((await numbers(bayes)).mi).toBeGreaterThan(0);

  // A picked test example: its true label is shown, and each run's probabilities are its stored test probabilities.
  const before = await bayes.getAttribute('data-probs');
  await panel.getByTestId('try-pick').click();
  await expect(panel.getByTestId('try-example')).toContainText('true label');
  await expect(bayes).not.toHaveAttribute('data-probs', before!, { timeout: 30_000 });
  for (const run of [one, bayes]) {
    await expect(run.getByTestId('try-stored')).toBeVisible({ timeout: 30_000 });
    const stored = JSON.parse((await run.getByTestId('try-stored').getAttribute('data-probs'))!) as number[];
    const shown = (await numbers(run)).probs;
    for (let c = 0; c < 2; c++) expect(Math.abs(shown[c] - stored[c])).toBeLessThan(1e-6);
  }
  await panel.screenshot({ path: testInfo.outputPath('try-sentence.png') });

  // A sentence typed while runs are queued and training is answered between runs, never blocking training.
  await page.getByTestId('max-examples').fill('1500');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-running')).toHaveCount(1, { timeout: 30_000 });
  await panel.getByTestId('try-text').fill('a sentence typed while a run trains');
  // The page says it waits when the worker is already training; a run whose start is still being prepared (its data set
  // read back for a possible reload) lets the worker answer at once. Either way the answer comes without waiting for the
  // rest of the queue.
  await expect(panel.getByTestId('try-answers')).toHaveAttribute('data-text', 'a sentence typed while a run trains', { timeout: 120_000 });
  expect(await runs.count()).toBeGreaterThanOrEqual(2);
  expect(errors).toEqual([]);
});
