// Issue 26, item 3, watched in Chromium: two tiny runs are compared on the selective-prediction
// chart; the confidence threshold is dragged (set, then moved by the arrow keys) and each run's
// coverage and accuracy shown must equal what its downloaded predictions CSV gives; AURC, class-wise
// ECE and smooth ECE shown must match tools/stats/selective_ref.py run on the same CSV.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { collectPageErrors, linkFor, routeTinyModel, tinyMethods } from './helpers';

interface Predictions {
  conf: number[];
  correct: number[];
  labels: number[];
  probs: number[][];
}

/** The "Details for" run's predictions CSV, downloaded as a user would. */
async function predictionsOf(page: Page, runLabel: string): Promise<Predictions> {
  await page.getByLabel('Details for').selectOption({ label: runLabel });
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Predictions CSV' }).click()]);
  const [head, ...lines] = readFileSync((await dl.path())!, 'utf8')
    .trim()
    .split('\n');
  const cols = head.split(',');
  const pCols = cols.flatMap((c, i) => (c.startsWith('p_') ? [i] : []));
  const classes = pCols.map((i) => cols[i].slice(2));
  const rows = lines.map((l) => l.split(',')); // the built-in sets' class names hold no commas
  return {
    conf: rows.map((r) => Number(r[cols.indexOf('confidence')])),
    correct: rows.map((r) => Number(r[cols.indexOf('correct')])),
    labels: rows.map((r) => classes.indexOf(r[cols.indexOf('label')])),
    probs: rows.map((r) => pCols.map((i) => Number(r[i]))),
  };
}

/** numpy's answers (tools/stats/selective_ref.py) for one run's CSV. */
function reference(p: Predictions): { aurc: number; classwise: number; smece: number } {
  const code = [
    'import json, sys',
    "sys.path.insert(0, 'tools/stats')",
    'import numpy as np',
    'from selective_ref import aurc, classwise_ece, sm_ece',
    'd = json.load(sys.stdin)',
    'conf, ok = np.array(d["conf"]), np.array(d["correct"], float)',
    'print(json.dumps({"aurc": aurc(conf, 1 - ok), "classwise": classwise_ece(np.array(d["probs"]), np.array(d["labels"]), 15, "width")[0], "smece": sm_ece(conf, ok)[0]}))',
  ].join('\n');
  const py = spawnSync('/usr/bin/python3', ['-c', code], { input: JSON.stringify(p), encoding: 'utf8' });
  if (py.status !== 0) throw new Error(py.stderr);
  return JSON.parse(py.stdout);
}

test('selective prediction: drag the threshold, read coverage and accuracy of both runs; class-wise and smooth ECE', async ({ page, context }, testInfo) => {
  test.setTimeout(240_000);
  const errors = collectPageErrors(page);
  await routeTinyModel(context);
  await page.goto(linkFor({ backend: 'wasm', maxLength: 16, methods: tinyMethods(), seeds: [1], dataset: { kind: 'builtin', id: 'fine-foods' } }));
  await expect(page.getByTestId('gpu-badge')).toHaveAttribute('data-backend', 'cpu', { timeout: 60_000 });
  await page.getByText('Run options (quick runs').click();
  await page.getByTestId('max-examples').fill('16');
  await expect(page.getByTestId('start')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-done')).toHaveCount(2, { timeout: 180_000 });

  const labels = await page.getByLabel('Details for').locator('option').allTextContents();
  const preds = [];
  for (const l of labels) preds.push(await predictionsOf(page, l));
  for (const box of await page.getByRole('group', { name: 'Runs to compare' }).getByRole('checkbox').all()) await box.check();

  const chart = page.getByTestId('chart-selective');
  const rows = chart.getByTestId('selective-row');
  await expect(rows).toHaveCount(2);

  // A threshold on the slider's 0.001 grid near the first run's median confidence, at least 2e-6
  // from every confidence of either run (the CSV rounds them to 6 decimals).
  const all = preds.flatMap((p) => p.conf);
  const sorted = [...preds[0].conf].sort((a, b) => a - b);
  let tau = Math.min(0.999, Math.max(0.502, Math.round(sorted[sorted.length >> 1] * 1000) / 1000));
  while (all.some((c) => Math.abs(c - tau) < 2e-6)) tau = Math.round((tau + 0.001) * 1000) / 1000;
  // Drag: set it just below, then two arrow-key steps up, as a keyboard user moves a slider.
  const slider = chart.getByTestId('selective-threshold');
  await slider.fill((tau - 0.002).toFixed(3));
  await slider.focus();
  await slider.press('ArrowRight');
  await slider.press('ArrowRight');
  await expect(chart.getByTestId('selective-threshold-value')).toHaveText(tau.toFixed(3));

  for (const [i, l] of labels.entries()) {
    const p = preds[i];
    const accepted = p.conf.filter((c) => c >= tau).length;
    const correct = p.conf.filter((c, j) => c >= tau && p.correct[j] === 1).length;
    const row = rows.filter({ hasText: l });
    await expect(row).toHaveAttribute('data-accepted', String(accepted));
    await expect(row).toHaveAttribute('data-correct', String(correct));
    await expect(row.getByTestId('selective-coverage')).toHaveText(`${(accepted / p.conf.length).toFixed(3)} (${accepted} of ${p.conf.length})`);
    await expect(row.getByTestId('selective-accuracy')).toHaveText(
      accepted ? `${(correct / accepted).toFixed(3)} (${correct} of ${accepted})` : '— (none answered)',
    );
    const ref = reference(p);
    const shownAurc = Number((await row.getByTestId('selective-aurc').textContent())!.split(' ')[0]);
    expect(Math.abs(shownAurc - ref.aurc), `${l} AURC`).toBeLessThan(1e-3);
    await expect(chart).toContainText(`${l} · AURC ${shownAurc.toFixed(3)} [`);

    // Class-wise and smooth ECE of this run, in the reliability panel.
    await page.getByLabel('Details for').selectOption({ label: l });
    const rel = page.getByTestId('chart-reliability');
    await rel.getByTestId('reliability-mode').selectOption('classwise');
    expect(Math.abs(Number(await rel.getByTestId('classwise-ece').getAttribute('data-value')) - ref.classwise), `${l} class-wise ECE`).toBeLessThan(1e-3);
    await rel.getByTestId('reliability-mode').selectOption('smooth');
    await expect(rel.getByTestId('smooth-ece')).toContainText(/Smooth ECE \d\.\d{3} \(kernel width σ = \d\.\d{3}/);
    expect(Math.abs(Number(await rel.getByTestId('smooth-ece').getAttribute('data-value')) - ref.smece), `${l} smooth ECE`).toBeLessThan(1e-3);
    await expect(rel.locator('.recharts-area')).toHaveCount(1);
  }
  await chart.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0); // no tooltip left over in the pictures
  // The chart exports like every other card: curves, legend with AURC, the threshold and the table.
  const [svgFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export Selective prediction — risk vs coverage as SVG' }).click(),
  ]);
  const svg = readFileSync((await svgFile.path())!, 'utf8');
  expect(svg).toContain('<title>Selective prediction — risk vs coverage</title>');
  expect(svg).toContain(`>${tau.toFixed(3)}</text>`);
  for (const l of labels) expect(svg).toContain(`${l} · AURC `);
  await chart.screenshot({ path: testInfo.outputPath('selective.png') });
  await page.getByTestId('chart-reliability').screenshot({ path: testInfo.outputPath('smooth-ece.png') });
  await page.getByTestId('chart-reliability').getByTestId('reliability-mode').selectOption('classwise');
  await page.getByTestId('chart-reliability').screenshot({ path: testInfo.outputPath('classwise-ece.png') });
  expect(errors).toEqual([]);
});
